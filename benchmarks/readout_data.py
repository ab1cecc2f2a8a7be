#!/usr/bin/env python3
"""Synthetic ridge-readout benchmark data (the design of ReadoutBenchmark: non-negative low-rank
correlated features, sparse linear neurons with per-neuron noise), written as .npy for
benchmarks/readout-peers.sh: X [n, D] and Y [n, neurons] float64, alphas [1, k], folds [n] (a
shuffled 5-fold assignment every tool uses).

    /usr/bin/python3 benchmarks/readout_data.py OUT_DIR n D neurons n_alphas
"""
import os
import sys

import numpy as np

out, n, d, q, na = sys.argv[1], *map(int, sys.argv[2:6])
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(42)
latent = rng.normal(size=(n, 32))
mix = rng.normal(size=(32, d))
X = np.maximum(0, rng.normal(size=(n, d)) + 0.3 * latent @ mix)
W = rng.normal(size=(d, q)) / np.sqrt(d * 0.1) * (rng.uniform(size=(d, q)) < 0.1)
noise = np.exp(rng.uniform(size=q) * 3 - 1)
Y = X @ W + noise * rng.normal(size=(n, q))
folds = np.arange(n) % 5
rng.shuffle(folds)
np.save(os.path.join(out, "X.npy"), X)
np.save(os.path.join(out, "Y.npy"), Y)
np.save(os.path.join(out, "alphas.npy"), np.logspace(-1, 6, na)[None, :])
np.save(os.path.join(out, "folds.npy"), folds.astype(np.float64))
