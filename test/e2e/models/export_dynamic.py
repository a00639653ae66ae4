#!/usr/bin/python3
"""Export models with symbolic input dims, with PyTorch eager references at
several sizes.

For each model this writes DIR/<model>_dynamic/:
  model.onnx             exported by torch.onnx.export with dynamic_axes
                         (ONNX dim_params such as "N" and "S")
  size<k>/input_<i>.npy  seeded random inputs of the k-th size
  size<k>/expected_<i>.npy  PyTorch eager outputs for them
  meta.json              names, dim_params, sizes; written last, so its
                         presence marks a complete export

Models:
  mlp    export_models.py's MLP 784-256-128-10, batch "N" (sizes 1, 3, 8)
  block  an attention-like block on x[N, S, 16] and y[N, S, 16]: Linear,
         Softmax, ReLU, LayerNorm, batched x @ x^T scores, scaled Softmax,
         MatMul, a residual Add and a mean over S (outputs [N, S, 16] and
         [N, 32]); sizes (1, 1), (2, 5), (3, 17)

Like export_models.py, a fresh export (meta.json newer than this script) is
left alone and concurrent calls are serialised with a lock file. Run with
Debian's interpreter: /usr/bin/python3.
"""
import argparse
import fcntl
import json
import os
import shutil
import sys
import tempfile

MODELS = ("mlp", "block")
SEEDS = {"mlp": 2001, "block": 2002}


def build(name):
    """Return (model, example inputs, input names, output names, dynamic_axes,
    list of input-shape tuples, one per size)."""
    import torch
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import export_models

    if name == "mlp":
        model, inputs, in_names, out_names = export_models.build("mlp")
        axes = {"input": {0: "N"}, "output": {0: "N"}}
        sizes = [((n, 784),) for n in (1, 3, 8)]
        return model, inputs, in_names, out_names, axes, sizes

    class Block(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.lin = torch.nn.Linear(16, 32)
            self.norm = torch.nn.LayerNorm(32)
            self.lin2 = torch.nn.Linear(32, 16)

        def forward(self, x, y):
            h = torch.softmax(self.lin(x), dim=-1)
            h = self.norm(h + torch.relu(self.lin(y)))
            scores = torch.softmax(torch.matmul(h, h.transpose(1, 2)) / 4.0, dim=-1)
            return torch.matmul(scores, self.lin2(h)) + x, h.mean(dim=1)

    torch.manual_seed(SEEDS[name])
    model = Block().eval()
    inputs = (torch.randn(2, 5, 16), torch.randn(2, 5, 16))
    axes = {"x": {0: "N", 1: "S"}, "y": {0: "N", 1: "S"},
            "out": {0: "N", 1: "S"}, "pooled": {0: "N"}}
    sizes = [((n, s, 16), (n, s, 16)) for n, s in ((1, 1), (2, 5), (3, 17))]
    return model, inputs, ["x", "y"], ["out", "pooled"], axes, sizes


def export(name, out_dir):
    import numpy as np
    import onnx
    import torch

    model, inputs, in_names, out_names, axes, sizes = build(name)
    path = os.path.join(out_dir, "model.onnx")
    # With gradients enabled, as export_models.py does.
    torch.onnx.export(model, inputs, path, opset_version=17,
                      input_names=in_names, output_names=out_names,
                      dynamic_axes=axes, do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    gen = torch.Generator().manual_seed(SEEDS[name] + 1)
    for k, shapes in enumerate(sizes):
        size_dir = os.path.join(out_dir, f"size{k}")
        os.makedirs(size_dir)
        xs = [torch.randn(*shape, generator=gen) for shape in shapes]
        with torch.no_grad():
            ys = model(*xs)
        ys = ys if isinstance(ys, (tuple, list)) else (ys,)
        for i, t in enumerate(xs):
            np.save(os.path.join(size_dir, f"input_{i}.npy"), t.numpy())
        for i, t in enumerate(ys):
            np.save(os.path.join(size_dir, f"expected_{i}.npy"), t.numpy())
    meta = {"model": name, "seed": SEEDS[name], "inputs": in_names,
            "outputs": out_names, "dynamic_axes": axes,
            "sizes": [[list(s) for s in shapes] for shapes in sizes],
            "torch": torch.__version__, "onnx": onnx.__version__}
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)


def ensure(name, root):
    final = os.path.join(root, f"{name}_dynamic")
    meta = os.path.join(final, "meta.json")
    script = os.path.abspath(__file__)

    def fresh():
        return (os.path.exists(meta)
                and os.path.getmtime(meta) >= os.path.getmtime(script))

    if fresh():
        return final
    with open(os.path.join(root, f".{name}_dynamic.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if fresh():
            return final
        tmp = tempfile.mkdtemp(prefix=f".{name}_dynamic.", dir=root)
        try:
            export(name, tmp)
            os.chmod(tmp, 0o755)
            if os.path.exists(final):
                shutil.rmtree(final)
            os.rename(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"export_dynamic: wrote {final}", file=sys.stderr)
    return final


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="cache directory (created if missing)")
    parser.add_argument("--models", default=",".join(MODELS),
                        help="comma-separated subset of: " + ",".join(MODELS))
    args = parser.parse_args(argv)
    names = [m for m in args.models.split(",") if m]
    bad = [m for m in names if m not in MODELS]
    if bad:
        parser.error(f"unknown model: {bad}; known: {list(MODELS)}")
    os.makedirs(args.out, exist_ok=True)
    for name in names:
        ensure(name, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
