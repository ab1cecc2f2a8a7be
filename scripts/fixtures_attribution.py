#!/usr/bin/env python3
"""PyTorch / scikit-learn oracle fixtures for sharedvis's attribution and pairing tests.

    /usr/bin/python3 scripts/fixtures_attribution.py src/test/resources/fixtures/attribution

Writes a small TorchScript network (one output [N, D]), pairs a, b, readout weights w, and, computed
with torch.autograd in Python (independently of the Java code):
  - for every weighting (paper, signed, excitatory) and for w as [D] and [N, D]: the shared weighting
    v and the maps S_a = J(a)^T v, S_b = J(b)^T v;
  - Integrated Gradients maps (midpoint rule) for two configurations;
  - neuron-specific similarities (sklearn.metrics.pairwise.cosine_similarity of w * f) and the top-m
    references among the top-q preferred images.
Deterministic (fixed seeds); needs Debian's python3-torch, python3-sklearn, python3-numpy. < 100 KB.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from sklearn.metrics.pairwise import cosine_similarity


class SmallNet(nn.Module):
    """Conv, batch norm (eval), ReLU, strided conv, tanh, max pool, linear: D = 10 features."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 3, padding=1)
        self.bn1 = nn.BatchNorm2d(6)
        self.conv2 = nn.Conv2d(6, 8, 3, stride=2, padding=1)
        self.fc = nn.Linear(8 * 2 * 2, 10)

    def forward(self, x):
        h = F.relu(self.bn1(self.conv1(x)))
        h = torch.tanh(self.conv2(h))
        h = F.max_pool2d(h, 2)
        return self.fc(h.flatten(1))


def weighting(kind, fa, fb, w):
    if kind == "paper":
        scale = w * w
    elif kind == "signed":
        scale = w
    elif kind == "excitatory":
        scale = (w > 0).to(w.dtype) * w * w
    else:
        raise ValueError(kind)
    u = scale * fa * fb
    norm = u.abs().sum(dim=1, keepdim=True)
    return torch.where(norm > 0, u / torch.where(norm > 0, norm, torch.ones_like(norm)), torch.zeros_like(u))


def grad_map(model, x, v):
    xg = x.clone().requires_grad_(True)
    (g,) = torch.autograd.grad(model(xg), xg, v)
    return g


def ig_map(model, x, x0, v, steps):
    total = torch.zeros_like(x)
    for j in range(steps):
        alpha = (j + 0.5) / steps
        total += grad_map(model, x0 + alpha * (x - x0), v)
    return (x - x0) * total / steps


def save(d, name, t):
    a = t.detach().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    np.save(os.path.join(d, name + ".npy"), a.astype(np.float32))


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    torch.set_num_threads(1)
    torch.manual_seed(4)
    net = SmallNet()
    with torch.no_grad():
        net.bn1.running_mean.uniform_(-0.2, 0.2)
        net.bn1.running_var.uniform_(0.5, 1.5)
        net.bn1.weight.uniform_(0.5, 1.5)
        net.bn1.bias.uniform_(-0.2, 0.2)
    net.eval()
    model = torch.jit.script(net)
    model.save(os.path.join(d, "model.pt"))

    n, dim = 3, 10
    a = torch.randn(n, 3, 10, 10)
    b = torch.randn(n, 3, 10, 10)
    w1 = torch.randn(dim)
    wn = torch.randn(n, dim)
    save(d, "a", a)
    save(d, "b", b)
    save(d, "w1", w1)
    save(d, "wN", wn)
    with torch.no_grad():
        fa, fb = model(a), model(b)
    save(d, "fa", fa)
    save(d, "fb", fb)
    for kind in ("paper", "signed", "excitatory"):
        for wname, w in (("w1", w1), ("wN", wn)):
            v = weighting(kind, fa, fb, w)
            stem = "grad.%s.%s" % (kind, wname)
            save(d, stem + ".v", v)
            save(d, stem + ".a", grad_map(model, a, v))
            save(d, stem + ".b", grad_map(model, b, v))

    ig_cases = [
        {"name": "paper_zero16", "weighting": "paper", "w": "w1", "baseline": 0.0, "steps": 16},
        {"name": "signed_half7", "weighting": "signed", "w": "wN", "baseline": 0.5, "steps": 7},
    ]
    for c in ig_cases:
        w = w1 if c["w"] == "w1" else wn
        v = weighting(c["weighting"], fa, fb, w)
        for role, x in (("a", a), ("b", b)):
            save(d, "ig.%s.%s" % (c["name"], role), ig_map(model, x, torch.full_like(x, c["baseline"]), v, c["steps"]))

    # Pairing: similarities by scikit-learn, references by numpy.
    rng = np.random.default_rng(7)
    pd = 12
    ooc = rng.normal(size=(4, pd)).astype(np.float32)
    pref = rng.normal(size=(9, pd)).astype(np.float32)
    wp = rng.normal(size=pd)
    wp[[1, 5]] = 0.0
    pref[2] = 0.0
    pref[2, [1, 5]] = [3.0, -2.0]  # active only where the neuron has zero weight: similarity 0
    responses = rng.normal(size=9)
    sim = cosine_similarity(ooc.astype(np.float64) * wp, pref.astype(np.float64) * wp)
    top_m, top_q = 3, 0.5
    keep = max(1, math.ceil(top_q * len(responses)))
    eligible = np.sort(np.argsort(-responses, kind="stable")[:keep])
    refs = []
    for i in range(len(ooc)):
        s = sim[i, eligible]
        order = eligible[np.lexsort((eligible, -s))][:top_m]
        refs.append(order)
    np.save(os.path.join(d, "pair.ooc.npy"), ooc)
    np.save(os.path.join(d, "pair.pref.npy"), pref)
    np.save(os.path.join(d, "pair.w.npy"), wp)
    np.save(os.path.join(d, "pair.responses.npy"), responses)
    np.save(os.path.join(d, "pair.sim.npy"), sim)
    np.save(os.path.join(d, "pair.refs.npy"), np.asarray(refs, dtype=np.float64))

    meta = {"torch": torch.__version__, "pairs": n, "dim": dim, "ig": ig_cases,
            "pairing": {"top_m": top_m, "top_q": top_q}}
    with open(os.path.join(d, "meta.json"), "w") as fh:
        json.dump(meta, fh, indent=1)
    print("wrote attribution fixtures to %s" % d)


if __name__ == "__main__":
    main()
