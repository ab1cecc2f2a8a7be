#!/usr/bin/env python3
"""NumPy-written response files for TrialsTest (committed; regenerate with
/usr/bin/python3 scripts/fixtures_responses_store.py src/test/resources/fixtures/data/store).

trials.npy: float32 [11, 7, 3] standard normal (seed 13) with about 20% of the trials NaN (missing),
image 4 of neuron 2 with all three repeats NaN; trials64.npy: the float64 values before rounding
(the store holds them in float32); trials_f.npy: trials.npy in Fortran order; trials.npz: trials.npy
as 'responses' with stimulus_ids 's0'..'s10' and integer neuron_ids 100..106; means.npy: numpy's
nanmean over the repeats in float64, rounded to float32 (NaN where every repeat is NaN: the oracle
of the store's means); means64.npy: that mean before rounding.
"""
import os
import sys
import warnings

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(13)
t64 = rng.standard_normal((11, 7, 3))
t64[rng.random((11, 7, 3)) < 0.2] = np.nan
t64[4, 2, :] = np.nan
t32 = t64.astype(np.float32)
np.save(os.path.join(out, "trials.npy"), t32)
np.save(os.path.join(out, "trials64.npy"), t64)
np.save(os.path.join(out, "trials_f.npy"), np.asfortranarray(t32))
np.savez(os.path.join(out, "trials.npz"), responses=t32,
         stimulus_ids=np.array(["s%d" % i for i in range(11)]), neuron_ids=np.arange(100, 107))
with warnings.catch_warnings():
    warnings.simplefilter("ignore", RuntimeWarning)  # the all-NaN cell
    m64 = np.nanmean(t32.astype(np.float64), axis=2)
np.save(os.path.join(out, "means64.npy"), m64)
np.save(os.path.join(out, "means.npy"), m64.astype(np.float32))
