#!/usr/bin/env python3
"""NumPy-written .npy files for FeatureMatrixTest (committed; regenerate with
/usr/bin/python3 scripts/fixtures_features.py src/test/resources/fixtures/data/features).

ramp.npy: float32 [7, 5], value (i * 5 + j) * 0.1 - 1 computed in float64 and rounded to float32
(the test computes the same values in Java); random.npy: float32 [9, 6] standard normal, seed 5;
random_be.npy: the same, big-endian; random_v2.npy: the same, .npy format version 2.0; and, for the
error messages, float64.npy [3, 2], fortran.npy [3, 4] float32 in Fortran order, cube.npy float32
[2, 2, 2], truncated.npy (random.npy without its last 8 bytes).
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
ramp = (np.arange(35, dtype=np.float64).reshape(7, 5) * 0.1 - 1).astype(np.float32)
np.save(os.path.join(out, "ramp.npy"), ramp)
rnd = np.random.default_rng(5).standard_normal((9, 6)).astype(np.float32)
np.save(os.path.join(out, "random.npy"), rnd)
np.save(os.path.join(out, "random_be.npy"), rnd.astype(">f4"))
with open(os.path.join(out, "random_v2.npy"), "wb") as f:
    np.lib.format.write_array(f, rnd, version=(2, 0))
np.save(os.path.join(out, "float64.npy"), np.ones((3, 2)))
np.save(os.path.join(out, "fortran.npy"), np.asfortranarray(np.ones((3, 4), np.float32)))
np.save(os.path.join(out, "cube.npy"), np.ones((2, 2, 2), np.float32))
data = open(os.path.join(out, "random.npy"), "rb").read()
open(os.path.join(out, "truncated.npy"), "wb").write(data[:-8])
