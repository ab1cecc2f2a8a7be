#!/usr/bin/env python3
"""Generates the PyTorch oracle fixtures for sharedvis's Java tests.

Each case is a TorchScript network plus, for each of its output nodes and poolings, the features
f(x) and the input gradient J(x)^T v for a random v, computed by PyTorch autograd.

    python3 scripts/generate_fixtures.py small  src/test/resources/fixtures   # committed, < 1 MB
    python3 scripts/generate_fixtures.py large  build/fixtures                # CI, ResNet-18

Needs Debian's python3-torch and python3-torchvision (no network). Deterministic (fixed seeds).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


class TinyConv(nn.Module):
    """Conv, batch norm (eval), ReLU, strided conv, tanh, pooling: the ops of real backbones."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.conv2 = nn.Conv2d(4, 6, 3, stride=2, padding=1)
        self.fc = nn.Linear(6, 5)

    def forward(self, x):
        a = F.relu(self.bn1(self.conv1(x)))
        b = torch.tanh(self.conv2(a))
        c = F.max_pool2d(b, 2)
        d = self.fc(c.mean(dim=(2, 3)))
        return {"conv1": a, "conv2": b, "pool": c, "fc": d}


class TinyMlp(nn.Module):
    """A single-tensor output (node name 'output'), with a smooth nonlinearity."""

    def __init__(self, size):
        super().__init__()
        self.lin1 = nn.Linear(3 * size * size, 16)
        self.lin2 = nn.Linear(16, 7)

    def forward(self, x):
        return self.lin2(F.gelu(self.lin1(x.flatten(1))))


class TinyTuple(nn.Module):
    """A tuple output (nodes 'output.0' and 'output.1')."""

    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 3, 1)

    def forward(self, x):
        y = torch.sigmoid(self.conv(x))
        return y, y * y


def randomize_bn(model):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)


def outputs_by_name(out):
    if isinstance(out, dict):
        return dict(out)
    if isinstance(out, (tuple, list)):
        return {"output.%d" % i: t for i, t in enumerate(out)}
    return {"output": out}


def write_case(root, name, model, shape, seed):
    torch.manual_seed(seed)
    model.eval()
    scripted = torch.jit.script(model)
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    scripted.save(os.path.join(d, "model.pt"))
    x = torch.randn(*shape)
    np.save(os.path.join(d, "x.npy"), x.numpy().astype(np.float32))
    entries = []
    probe = outputs_by_name(scripted(x))
    for node, t in probe.items():
        poolings = ["none", "average"] if t.dim() == 4 else ["none"]
        for pooling in poolings:
            xg = x.clone().requires_grad_(True)
            o = outputs_by_name(scripted(xg))[node]
            f = o.mean(dim=(2, 3)) if pooling == "average" else o.flatten(1)
            v = torch.randn_like(f)
            (g,) = torch.autograd.grad(f, xg, v)
            stem = "%s.%s" % (node, pooling)
            np.save(os.path.join(d, stem + ".features.npy"), f.detach().numpy().astype(np.float32))
            np.save(os.path.join(d, stem + ".v.npy"), v.numpy().astype(np.float32))
            np.save(os.path.join(d, stem + ".grad.npy"), g.numpy().astype(np.float32))
            entries.append({"node": node, "pooling": pooling, "stem": stem})
    return {"name": name, "input": list(shape), "nodes": [n for n in probe], "checks": entries}


def resnet18_extractor():
    from torchvision.models import resnet18
    from torchvision.models.feature_extraction import create_feature_extractor

    torch.manual_seed(18)
    net = resnet18(weights=None)
    randomize_bn(net)
    net.eval()
    return create_feature_extractor(net, return_nodes={"layer3": "layer3", "layer4": "layer4", "avgpool": "avgpool"})


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("small", "large"):
        print(__doc__)
        sys.exit(2)
    kind, root = sys.argv[1], sys.argv[2]
    os.makedirs(root, exist_ok=True)
    torch.set_num_threads(1)
    cases = []
    if kind == "small":
        torch.manual_seed(1)
        conv = TinyConv()
        randomize_bn(conv)
        cases.append(write_case(root, "tiny_conv", conv, (3, 3, 12, 12), 11))
        torch.manual_seed(2)
        cases.append(write_case(root, "tiny_mlp", TinyMlp(6), (2, 3, 6, 6), 12))
        torch.manual_seed(3)
        cases.append(write_case(root, "tiny_tuple", TinyTuple(), (2, 3, 5, 5), 13))
    else:
        cases.append(write_case(root, "resnet18", resnet18_extractor(), (2, 3, 224, 224), 21))
    with open(os.path.join(root, "cases.json"), "w") as fh:
        json.dump({"torch": torch.__version__, "cases": cases}, fh, indent=1)
    print("wrote %d case(s) to %s" % (len(cases), root))


if __name__ == "__main__":
    main()
