#!/usr/bin/python3
"""Exports a PyTorch module to ONNX for the importer's lit tests.

Usage: export_torch.py {transformer13,transformer17,resnet18,mobilenet_v2} OUT.onnx

nn.TransformerEncoderLayer is exported with gradients enabled: under
torch.no_grad() it takes a fused fast path that torch.onnx.export cannot
export.
"""

import sys

import torch


def main():
    name, out = sys.argv[1], sys.argv[2]
    torch.manual_seed(0)
    if name.startswith("transformer"):
        opset = int(name[len("transformer"):])
        layer = torch.nn.TransformerEncoderLayer(d_model=256, nhead=4,
                                                 batch_first=True).eval()
        torch.onnx.export(layer, (torch.randn(2, 10, 256),), out,
                          opset_version=opset)
    elif name in ("resnet18", "mobilenet_v2"):
        import torchvision
        net = getattr(torchvision.models, name)(weights=None).eval()
        torch.onnx.export(net, (torch.randn(1, 3, 224, 224),), out,
                          opset_version=13)
    else:
        raise SystemExit(f"unknown model {name}")


if __name__ == "__main__":
    main()
