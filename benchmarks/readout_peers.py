#!/usr/bin/env python3
"""One peer fit on the data of benchmarks/readout_data.py, in a fresh process, for
benchmarks/readout-peers.sh. Prints key=value lines: fit_s (the fit alone) and rss_mb (the peak
resident memory of this whole process).

    /usr/bin/python3 benchmarks/readout_peers.py DIR sklearn_loo|himalaya_kernel|himalaya_ridge

sklearn_loo:     scikit-learn RidgeCV(alphas, alpha_per_target=True), cv=None: efficient leave-one-out.
himalaya_kernel: himalaya KernelRidgeCV(alphas, fit_intercept=True, cv=the 5 folds), numpy backend.
himalaya_ridge:  himalaya RidgeCV(alphas, fit_intercept=True, cv=the 5 folds), numpy backend.
himalaya is not packaged: the script puts it on PYTHONPATH (see readout-peers.sh). float64 throughout,
as sharedvis.
"""
import resource
import sys
import time

import numpy as np

d, which = sys.argv[1], sys.argv[2]
X = np.load(d + "/X.npy")
Y = np.load(d + "/Y.npy")
alphas = np.load(d + "/alphas.npy")[0]
folds = np.load(d + "/folds.npy").astype(int)
if which == "sklearn_loo":
    from sklearn.linear_model import RidgeCV
    model = RidgeCV(alphas=alphas, alpha_per_target=True)
else:
    from sklearn.model_selection import PredefinedSplit
    cv = PredefinedSplit(folds)
    if which == "himalaya_kernel":
        from himalaya.kernel_ridge import KernelRidgeCV
        model = KernelRidgeCV(alphas=alphas, fit_intercept=True, cv=cv)
    elif which == "himalaya_ridge":
        from himalaya.ridge import RidgeCV
        model = RidgeCV(alphas=alphas, fit_intercept=True, cv=cv)
    else:
        raise SystemExit("unknown peer " + which)
t0 = time.perf_counter()
model.fit(X, Y)
print("fit_s=%.3f" % (time.perf_counter() - t0))
print("rss_mb=%.0f" % (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3))
