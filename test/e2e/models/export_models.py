#!/usr/bin/python3
"""Export Strata's real-model test set to ONNX, with PyTorch eager references.

For each model and opset this writes DIR/<model>_opset<N>/:
  model.onnx        static shapes, exported by torch.onnx.export
  input_<k>.npy     seeded random inputs, in graph-input order
  expected_<k>.npy  PyTorch eager outputs (eval mode, torch.no_grad()),
                    in graph-output order
  meta.json         names, shapes, dtypes, versions; written last, so its
                    presence marks a complete export

Everything is deterministic: each model has its own fixed seed for the
weights, the BatchNorm statistics and the inputs. A model directory whose
meta.json is newer than this script is left alone (CI calls this on every
run), so a repeated call costs only the Python start-up; torch is imported
only when something must be exported. Concurrent calls (parallel lit tests)
are serialised per model directory with a lock file and publish each
directory with an atomic rename.

Run with Debian's interpreter: /usr/bin/python3 (it has torch, torchvision
and onnx).
"""
import argparse
import fcntl
import json
import os
import shutil
import sys
import tempfile

MODELS = ("mlp", "resnet18", "mobilenet_v2", "encoder")
OPSETS = (13, 17)
# One fixed seed per model: weights, BatchNorm calibration and inputs.
SEEDS = {"mlp": 1001, "resnet18": 1002, "mobilenet_v2": 1003, "encoder": 1004}


def _recalibrate_batchnorm(torch, model, shape, seed, batches=2):
    """Re-estimate BatchNorm running statistics on seeded random batches.

    With weights=None and the initial running statistics (mean 0, var 1),
    activations shrink layer after layer (mobilenet_v2 ends near 1e-9), which
    makes a numeric comparison meaningless. momentum=None makes the running
    statistics a plain average over the calibration batches.
    """
    bns = [m for m in model.modules() if isinstance(m, torch.nn.modules.batchnorm._BatchNorm)]
    for bn in bns:
        bn.reset_running_stats()
        bn.momentum = None
    gen = torch.Generator().manual_seed(seed)
    model.train()
    with torch.no_grad():
        for _ in range(batches):
            model(torch.randn(*shape, generator=gen))
    model.eval()


def build(name):
    """Return (model in eval mode, tuple of inputs, input names, output names)."""
    import torch
    import torchvision

    seed = SEEDS[name]
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed + 1)
    if name == "mlp":
        model = torch.nn.Sequential(
            torch.nn.Linear(784, 256), torch.nn.ReLU(),
            torch.nn.Linear(256, 128), torch.nn.ReLU(),
            torch.nn.Linear(128, 10))
        inputs = (torch.randn(1, 784, generator=gen),)
    elif name in ("resnet18", "mobilenet_v2"):
        model = getattr(torchvision.models, name)(weights=None)
        _recalibrate_batchnorm(torch, model, (8, 3, 224, 224), seed + 2)
        inputs = (torch.randn(1, 3, 224, 224, generator=gen),)
    elif name == "encoder":
        model = torch.nn.TransformerEncoderLayer(
            d_model=256, nhead=4, dim_feedforward=1024, batch_first=True)
        inputs = (torch.randn(2, 16, 256, generator=gen),)
    else:
        raise ValueError(f"unknown model {name!r}")
    model.eval()  # also turns dropout off
    return model, inputs, ["input"], ["output"]


def export(name, opset, out_dir):
    """Export one model at one opset into out_dir (which must exist)."""
    import numpy as np
    import onnx
    import torch

    model, inputs, in_names, out_names = build(name)
    with torch.no_grad():
        outputs = model(*inputs)
    outputs = outputs if isinstance(outputs, (tuple, list)) else (outputs,)
    # Export with gradients enabled: under no_grad, TransformerEncoderLayer
    # takes a fused fast path that torch.onnx.export cannot export. The math
    # is the same.
    path = os.path.join(out_dir, "model.onnx")
    torch.onnx.export(model, inputs, path, opset_version=opset,
                      input_names=in_names, output_names=out_names,
                      do_constant_folding=True)
    onnx.checker.check_model(onnx.load(path))
    for k, t in enumerate(inputs):
        np.save(os.path.join(out_dir, f"input_{k}.npy"), t.numpy())
    for k, t in enumerate(outputs):
        np.save(os.path.join(out_dir, f"expected_{k}.npy"), t.numpy())
    meta = {
        "model": name, "opset": opset, "seed": SEEDS[name],
        "inputs": [{"name": n, "shape": list(t.shape), "dtype": str(t.numpy().dtype)}
                   for n, t in zip(in_names, inputs)],
        "outputs": [{"name": n, "shape": list(t.shape), "dtype": str(t.numpy().dtype)}
                    for n, t in zip(out_names, outputs)],
        "torch": torch.__version__, "onnx": onnx.__version__,
    }
    with open(os.path.join(out_dir, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)


def is_fresh(model_dir):
    """True if model_dir holds a complete export newer than this script."""
    meta = os.path.join(model_dir, "meta.json")
    return (os.path.exists(meta)
            and os.path.getmtime(meta) >= os.path.getmtime(os.path.abspath(__file__)))


def ensure(name, opset, root, force=False):
    """Export <root>/<name>_opset<opset> unless it is fresh; return its path."""
    final = os.path.join(root, f"{name}_opset{opset}")
    if not force and is_fresh(final):
        return final
    with open(os.path.join(root, f".{name}_opset{opset}.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not force and is_fresh(final):  # another process exported it
            return final
        tmp = tempfile.mkdtemp(prefix=f".{name}_opset{opset}.", dir=root)
        try:
            export(name, opset, tmp)
            os.chmod(tmp, 0o755)
            if os.path.exists(final):
                shutil.rmtree(final)
            os.rename(tmp, final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"export_models: wrote {final}", file=sys.stderr)
    return final


def _csv(kind, allowed, convert=str):
    def parse(text):
        values = [convert(v) for v in text.split(",") if v]
        bad = [v for v in values if v not in allowed]
        if bad:
            raise argparse.ArgumentTypeError(f"unknown {kind}: {bad}; known: {list(allowed)}")
        return values
    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="cache directory (created if missing)")
    parser.add_argument("--models", type=_csv("model", MODELS), default=list(MODELS),
                        help="comma-separated subset of: " + ",".join(MODELS))
    parser.add_argument("--opsets", type=_csv("opset", OPSETS, int), default=list(OPSETS),
                        help="comma-separated subset of: " + ",".join(map(str, OPSETS)))
    parser.add_argument("--force", action="store_true", help="re-export even if fresh")
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    for name in args.models:
        for opset in args.opsets:
            ensure(name, opset, args.out, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
