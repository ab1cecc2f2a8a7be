#!/usr/bin/env python3
"""Times scikit-learn's RidgeCV(alpha_per_target=True) on the data ReadoutBenchmark wrote.

    /usr/bin/python3 benchmarks/readout_sklearn.py build/bench/readout
RidgeCV's default cv=None is efficient leave-one-out (generalised CV) from one eigendecomposition;
alpha_per_target needs it. Prints key=value lines."""
import resource
import sys
import time

import numpy as np
from sklearn.linear_model import RidgeCV

d = sys.argv[1]
X = np.load(d + "/X.npy")
Y = np.load(d + "/Y.npy")
alphas = np.load(d + "/alphas.npy")[0]
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t0 = time.perf_counter()
m = RidgeCV(alphas=alphas, alpha_per_target=True).fit(X, Y)
t = time.perf_counter() - t0
print("sklearn_ridgecv_s=%.2f" % t)
print("sklearn_rss_peak_mb=%.0f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3))
print("sklearn_rss_before_fit_mb=%.0f" % (rss0 / 1e3))
try:
    from threadpoolctl import threadpool_info
    print("sklearn_blas=%s" % ",".join("%s:%s threads" % (i.get("internal_api"), i.get("num_threads"))
                                       for i in threadpool_info()))
except Exception:
    pass
