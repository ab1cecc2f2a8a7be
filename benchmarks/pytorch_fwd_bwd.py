#!/usr/bin/env python3
"""Times forward+backward of a TorchScript feature extractor in PyTorch: the oracle side of
benchmarks/backbone.sh. Prints one line: seconds per call (median of reps).

    pytorch_fwd_bwd.py MODEL.pt NODE BATCH REPS THREADS INPUT.npy
"""
import sys
import time

import numpy as np
import torch

model_path, node, batch, reps, threads, inp = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
torch.set_num_threads(threads)
m = torch.jit.load(model_path).eval()
for p in m.parameters():
    p.requires_grad_(False)  # same as the Java path: no weight gradients
x0 = torch.from_numpy(np.load(inp))
times = []
for i in range(reps + 1):
    x = x0.clone().requires_grad_(True)
    t = time.perf_counter()
    f = m(x)[node].flatten(1)
    (g,) = torch.autograd.grad(f, x, torch.ones_like(f))
    times.append(time.perf_counter() - t)
print("%.6f" % float(np.median(times[1:])))
