#!/usr/bin/env python3
"""Writes a random-weight ResNet-50 cut at the global average pool (D = 2048) as TorchScript.

    /usr/bin/python3 benchmarks/make_resnet50.py build/bench/resnet50_avgpool.pt

Benchmark input only (never committed): torchvision resnet50(weights=None) with randomised batch-norm
statistics so activations are not degenerate; output [N, 2048]. Needs Debian's python3-torchvision.
"""
import os
import sys

import torch
import torch.nn as nn
from torchvision.models import resnet50


class Pooled(nn.Module):
    def __init__(self, net):
        super().__init__()
        self.body = nn.Sequential(*list(net.children())[:-1])  # up to and including avgpool

    def forward(self, x):
        return torch.flatten(self.body(x), 1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "build/bench/resnet50_avgpool.pt"
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    torch.manual_seed(50)
    net = resnet50(weights=None)
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.0)
                m.bias.uniform_(-0.1, 0.1)
    model = Pooled(net).eval()
    scripted = torch.jit.script(model)
    with torch.no_grad():
        f = scripted(torch.randn(2, 3, 224, 224))
    assert f.shape == (2, 2048), f.shape
    scripted.save(out)
    print("wrote %s (features %s, mean |f| %.3g)" % (out, tuple(f.shape), f.abs().mean().item()))


if __name__ == "__main__":
    main()
