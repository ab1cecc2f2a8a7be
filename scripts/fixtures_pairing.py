#!/usr/bin/env python3
"""Fixtures for the neuron-specific similarity relative to a reference point (docs/method.md, section 3).

    /usr/bin/python3 scripts/fixtures_pairing.py src/test/resources/fixtures/attribution

Features are non-negative with a large part every image shares (as spatially averaged ReLU features
are), so the literal similarity is close to 1 for every pair and the centred ones are not. For each
reference point (none, preferred_mean, stimulus_mean, zscore) the similarities are computed by
scikit-learn's cosine_similarity of w * (f - c) / s, with c and s by numpy, and the top-3 references by
numpy's ranking. Python only writes test oracles; the product is Java.
"""
import os
import sys

import numpy as np
from sklearn.metrics.pairwise import cosine_similarity


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: fixtures_pairing.py OUT_DIR")
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(23)
    dim, n_pref, n_ooc = 40, 15, 10
    common = rng.gamma(4.0, 1.0, size=dim)
    pref = np.maximum(common + rng.normal(scale=0.8, size=(n_pref, dim)) + 0.6 * (np.arange(dim) < 10), 0)
    ooc = np.maximum(common + rng.normal(scale=0.8, size=(n_ooc, dim)), 0)
    pref = pref.astype(np.float32)
    ooc = ooc.astype(np.float32)
    allf = np.concatenate([pref, ooc]).astype(np.float64)
    w = rng.normal(size=dim)
    points = {
        "none": (np.zeros(dim), np.ones(dim)),
        "preferred_mean": (pref.astype(np.float64).mean(0), np.ones(dim)),
        "stimulus_mean": (allf.mean(0), np.ones(dim)),
        "zscore": (allf.mean(0), allf.std(0)),  # population std (ddof 0)
    }
    np.save(os.path.join(d, "centred.pref.npy"), pref)
    np.save(os.path.join(d, "centred.ooc.npy"), ooc)
    np.save(os.path.join(d, "centred.w.npy"), w)
    for name, (c, s) in points.items():
        sim = cosine_similarity(w * (ooc - c) / s, w * (pref - c) / s)
        refs = np.stack([np.lexsort((np.arange(n_pref), -row))[:3] for row in sim]).astype(np.float64)
        np.save(os.path.join(d, "centred.%s.centre.npy" % name), c)
        np.save(os.path.join(d, "centred.%s.scale.npy" % name), s)
        np.save(os.path.join(d, "centred.%s.sim.npy" % name), sim)
        np.save(os.path.join(d, "centred.%s.refs.npy" % name), refs)
        print("%-15s similarity median %.3f, 5-95%% %.3f..%.3f" % (
            name, np.median(sim), np.percentile(sim, 5), np.percentile(sim, 95)))


if __name__ == "__main__":
    main()
