#!/usr/bin/env python3
"""Generates the oracle fixtures for sharedvis's neural-data and readout tests (issue #5).

    /usr/bin/python3 scripts/fixtures_readout.py small src/test/resources/fixtures   # committed, < 500 KB
    /usr/bin/python3 scripts/fixtures_readout.py large build/fixtures                # CI, larger ridge case

small writes
  data/     one ground truth of trials [6 images, 3 neurons, 4 repeats] (NaN = missing) in every response
            format Java reads (npy, npz, CSV wide and long, MATLAB v5 via scipy and v7.3 via h5py with
            MATLAB's layout, HDF5, NWB 2.x via h5py following the schema layout), plus malformed files;
            NWB spike counts are computed here with numpy from the spike times, independently of Java.
  readout/  ridge cases: features, responses, fold labels and alpha grid, with scikit-learn's answers
            (Ridge per fold and alpha, per-neuron alpha by least out-of-fold squared error, final Ridge
            at the chosen alphas; StandardScaler(with_mean=False) and PCA where the case asks) and
            SciPy's Pearson p-values; loo_* cases: RidgeCV(alpha_per_target=True)'s leave-one-out
            answers (chosen alphas, coefficients) and brute-force leave-one-out predictions.
Needs Debian's python3-numpy, python3-sklearn, python3-scipy and python3-h5py. Deterministic.
"""
import os
import sys

import h5py
import numpy as np
import scipy.io
import scipy.stats
from sklearn.decomposition import PCA
from sklearn.linear_model import Ridge, RidgeCV
from sklearn.preprocessing import StandardScaler

STIMULI = ["body01", "body02", "hand03", "car01", "chair02", "cup03"]
NEURONS = ["101", "102", "103"]
WINDOW = (0.05, 0.25)


def truth():
    rng = np.random.default_rng(5)
    t = rng.integers(0, 12, size=(6, 3, 4)).astype(np.float64)
    t[2, :, 3] = np.nan          # stimulus 2 was shown only 3 times
    t[0, 1, 2] = np.nan          # one dropped trial of neuron 1
    return t


def write_data(out):
    os.makedirs(out, exist_ok=True)
    t = truth()
    np.savez(os.path.join(out, "truth.npz"), trials=t, stimulus_ids=np.array(STIMULI), neuron_ids=np.array(NEURONS))
    # .npy: no ids, 3-D
    np.save(os.path.join(out, "responses.npy"), t)
    np.save(os.path.join(out, "responses_2d.npy"), np.nanmean(t, axis=2).astype(np.float32))
    # .npz with ids, compressed, stimulus rows shuffled (alignment must reorder them)
    perm = np.array([3, 0, 5, 1, 4, 2])
    np.savez_compressed(os.path.join(out, "responses.npz"), responses=t[perm],
                        stimulus_ids=np.array(STIMULI)[perm], neuron_ids=np.array(NEURONS))
    np.savez(os.path.join(out, "ambiguous.npz"), a=t, b=t)
    np.savez(os.path.join(out, "objects.npz"), responses=t, stimulus_ids=np.array(STIMULI, dtype=object))
    # CSV wide: one row per trial, repeats stacked; missing = empty
    with open(os.path.join(out, "wide.csv"), "w") as f:
        f.write("stimulus_id," + ",".join(NEURONS) + "\n")
        for r in range(4):
            for i, s in enumerate(STIMULI):
                if np.all(np.isnan(t[i, :, r])):
                    continue
                f.write(s + "," + ",".join("" if np.isnan(v) else repr(float(v)) for v in t[i, :, r]) + "\n")
    # CSV long: rows in a shuffled order, with a repeat column (labels 1..4)
    rows = []
    for i, s in enumerate(STIMULI):
        for n, nid in enumerate(NEURONS):
            for r in range(4):
                if not np.isnan(t[i, n, r]):
                    rows.append(f"{s},{nid},{r + 1},{t[i, n, r]!r}")
    rng = np.random.default_rng(1)
    rng.shuffle(rows)
    with open(os.path.join(out, "long.csv"), "w") as f:
        f.write("stimulus_id,neuron,repeat,response\n" + "\n".join(rows) + "\n")
    with open(os.path.join(out, "bad_number.csv"), "w") as f:
        f.write("stimulus_id,101,102\nbody01,1.0,abc\n")
    with open(os.path.join(out, "duplicate_long.csv"), "w") as f:
        f.write("stimulus_id,neuron,repeat,response\nbody01,101,1,2.0\nbody01,101,1,3.0\n")
    # MATLAB v5 (scipy): cellstr stimulus ids, numeric neuron ids
    scipy.io.savemat(os.path.join(out, "v5.mat"), {
        "responses": t, "stimulus_ids": np.array(STIMULI, dtype=object),
        "neuron_ids": np.array([float(n) for n in NEURONS])}, format="5")
    # MATLAB's default -v7: the v5 format with compressed variables
    scipy.io.savemat(os.path.join(out, "v7.mat"), {
        "responses": t, "stimulus_ids": np.array(STIMULI, dtype=object),
        "neuron_ids": np.array([float(n) for n in NEURONS])}, format="5", do_compression=True)
    write_mat73(os.path.join(out, "v73.mat"), t)
    # HDF5 (h5py, C order): vlen string stimulus ids, integer neuron ids
    with h5py.File(os.path.join(out, "responses.h5"), "w") as h:
        h["responses"] = t
        h.create_dataset("stimulus_ids", data=np.array(STIMULI, dtype=object), dtype=h5py.string_dtype())
        h["neuron_ids"] = np.array([int(n) for n in NEURONS], dtype=np.int64)
    write_nwb(out, t)


def matlab_char(h, name, s, parent=None):
    """A MATLAB char row vector: uint16 codes stored as HDF5 [len, 1]."""
    g = parent if parent is not None else h
    d = g.create_dataset(name, data=np.array([[ord(c)] for c in s], dtype=np.uint16))
    d.attrs["MATLAB_class"] = np.bytes_("char")
    d.attrs["MATLAB_int_decode"] = np.int32(2)
    return d


def write_mat73(path, t):
    """What MATLAB's save -v7.3 writes: HDF5 with a 512-byte user block, arrays column-major (HDF5 dims
    reversed), cell arrays as object references into /#refs#."""
    with h5py.File(path, "w", userblock_size=512, libver="earliest") as h:
        d = h.create_dataset("responses", data=np.ascontiguousarray(t.transpose(2, 1, 0)))
        d.attrs["MATLAB_class"] = np.bytes_("double")
        refs = h.create_group("#refs#")
        ref_list = []
        for k, s in enumerate(STIMULI):
            ref_list.append(matlab_char(h, "s%d" % k, s, refs).ref)
        # MATLAB cell {1 x n} is stored as HDF5 [n, 1] of object references
        c = h.create_dataset("stimulus_ids", data=np.array(ref_list, dtype=h5py.ref_dtype).reshape(len(STIMULI), 1),
                             dtype=h5py.ref_dtype)
        c.attrs["MATLAB_class"] = np.bytes_("cell")
        # char matrix [n x L] stored as uint16 [L, n]
        width = max(len(n) for n in NEURONS)
        codes = np.array([[ord(c) for c in n.ljust(width)] for n in NEURONS], dtype=np.uint16)
        ch = h.create_dataset("neuron_ids", data=np.ascontiguousarray(codes.T))
        ch.attrs["MATLAB_class"] = np.bytes_("char")
        ch.attrs["MATLAB_int_decode"] = np.int32(2)
    header = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Thu Nov 26 12:00:00 2026 HDF5 schema 1.00 ."
    with open(path, "r+b") as f:
        f.write(header.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM")


def nwb_root(h):
    h.attrs["nwb_version"] = "2.7.0"
    h.attrs["neurodata_type"] = "NWBFile"
    h.attrs["namespace"] = "core"
    h.attrs["object_id"] = "00000000-0000-0000-0000-000000000000"
    h.create_dataset("file_create_date", data=np.array(["2026-11-26T12:00:00+00:00"], dtype=object),
                     dtype=h5py.string_dtype())
    h["identifier"] = "sharedvis-fixture"
    h["session_description"] = "simulated IT recording for sharedvis tests"
    h["session_start_time"] = "2026-11-26T12:00:00+00:00"
    h["timestamps_reference_time"] = "2026-11-26T12:00:00+00:00"
    for g in ["acquisition", "analysis", "processing", "stimulus/presentation", "stimulus/templates", "general"]:
        h.require_group(g)


def vector_data(g, name, data, description, dtype=None):
    d = g.create_dataset(name, data=data, dtype=dtype) if dtype is not None else g.create_dataset(name, data=data)
    d.attrs["neurodata_type"] = "VectorData"
    d.attrs["namespace"] = "hdmf-common"
    d.attrs["description"] = description
    return d


def write_units(h, spikes):
    u = h.create_group("units")
    u.attrs["neurodata_type"] = "Units"
    u.attrs["namespace"] = "core"
    u.attrs["description"] = "sorted units"
    u.attrs["colnames"] = np.array(["spike_times"], dtype=object)
    flat = np.concatenate(spikes)
    st = vector_data(u, "spike_times", flat, "spike times (s)")
    idx = u.create_dataset("spike_times_index", data=np.cumsum([len(s) for s in spikes]).astype(np.uint32))
    idx.attrs["neurodata_type"] = "VectorIndex"
    idx.attrs["namespace"] = "hdmf-common"
    idx.attrs["target"] = st.ref
    ids = u.create_dataset("id", data=np.array([int(n) for n in NEURONS], dtype=np.int64))
    ids.attrs["neurodata_type"] = "ElementIdentifiers"
    ids.attrs["namespace"] = "hdmf-common"


def write_table(h, path, onsets, stim_col, extra=None):
    g = h.create_group(path)
    g.attrs["neurodata_type"] = "TimeIntervals"
    g.attrs["namespace"] = "core"
    g.attrs["description"] = "stimulus presentations"
    cols = ["start_time", "stop_time"] + ([] if stim_col is None else ["stimulus_id"])
    g.attrs["colnames"] = np.array(cols, dtype=object)
    vector_data(g, "start_time", onsets, "onset (s)")
    vector_data(g, "stop_time", onsets + 0.3, "offset (s)")
    if stim_col is not None:
        if stim_col.dtype.kind in "OU":
            vector_data(g, "stimulus_id", stim_col.astype(object), "stimulus id", dtype=h5py.string_dtype())
        else:
            vector_data(g, "stimulus_id", stim_col, "stimulus id")
    ids = g.create_dataset("id", data=np.arange(len(onsets), dtype=np.int64))
    ids.attrs["neurodata_type"] = "ElementIdentifiers"


def write_nwb(out, t):
    """Spike trains whose counts in [onset + 0.05, onset + 0.25) are the ground truth counts; presentations
    in shuffled order, with spikes outside the windows and exactly on both window edges. The expected
    counts are recomputed here with numpy from the spike times written."""
    rng = np.random.default_rng(7)
    pres = [(i, r) for i in range(6) for r in range(4) if not np.isnan(t[i, 0, r])]
    order = rng.permutation(len(pres))
    pres = [pres[k] for k in order]
    onsets = 1.0 + np.arange(len(pres)) * 1.0 + rng.uniform(0, 0.1, len(pres))
    spikes = [[] for _ in NEURONS]
    for (i, r), t0 in zip(pres, onsets):
        for n in range(3):
            c = t[i, n, r]
            if np.isnan(c):
                c = rng.integers(0, 5)  # a dropped trial still has spikes; NWB cannot drop them per unit
            c = int(c)
            inside = list(t0 + rng.uniform(WINDOW[0] + 1e-6, WINDOW[1] - 1e-6, c))
            if c > 0 and n == 0:
                inside[0] = t0 + WINDOW[0]          # on the start edge: counted
            spikes[n] += inside
            spikes[n] += [t0 + WINDOW[1]]            # on the end edge: not counted
            spikes[n] += list(t0 + rng.uniform(-0.4, 0.0, 2))       # before onset
            spikes[n] += list(t0 + rng.uniform(0.26, 0.6, 2))       # after the window
    spikes = [np.sort(np.array(s)) for s in spikes]
    stim = np.array([STIMULI[i] for i, _ in pres])
    # independent expected counts, grouped by stimulus in onset order
    expected = np.full((6, 3, 4), np.nan)
    for i, s in enumerate(STIMULI):
        mine = sorted(onsets[k] for k in range(len(pres)) if stim[k] == s)
        for r, t0 in enumerate(mine):
            for n in range(3):
                expected[i, n, r] = np.sum((spikes[n] >= t0 + WINDOW[0]) & (spikes[n] < t0 + WINDOW[1]))
    np.savez(os.path.join(out, "nwb_expected.npz"), counts=expected, stimulus_ids=np.array(STIMULI),
             neuron_ids=np.array(NEURONS))
    with h5py.File(os.path.join(out, "session_trials.nwb"), "w") as h:
        nwb_root(h)
        write_units(h, spikes)
        write_table(h, "intervals/trials", onsets, stim)
    # the same session with integer stimulus ids in an intervals table, and a trials table without them
    with h5py.File(os.path.join(out, "session_intervals.nwb"), "w") as h:
        nwb_root(h)
        write_units(h, spikes)
        write_table(h, "intervals/trials", onsets, None)
        write_table(h, "intervals/presentations", onsets, np.array([STIMULI.index(s) for s in stim], dtype=np.int64))
    with h5py.File(os.path.join(out, "no_units.nwb"), "w") as h:
        nwb_root(h)
        write_table(h, "intervals/trials", onsets, stim)


# ------------------------------------------------------------------------------------------- readout

CASES = [
    # name, n, D, neurons, standardize, pca, n_ooc
    ("primal", 60, 20, 6, False, 0, 25),
    ("kernel", 40, 90, 5, False, 0, 25),
    ("kernel_std", 40, 90, 5, True, 0, 25),
    ("pca_std", 50, 40, 5, True, 12, 25),
    ("pca_kernel", 30, 60, 4, False, 10, 20),
    ("kernel_folds", 50, 45, 4, False, 0, 20),   # folds in kernel form (40 <= 45), the full set not (50 > 45)
]


def simulate(n, d, q, n_ooc, rng):
    """Correlated features of heterogeneous scales, sparse linear neurons with per-neuron noise."""
    scales = np.exp(rng.uniform(-1.5, 1.5, d))          # heterogeneous feature scales
    mu = rng.uniform(0, 2, d)
    latent = rng.normal(size=(n + n_ooc, 8))
    mix = rng.normal(size=(8, d))
    f = (0.6 * latent @ mix + rng.normal(size=(n + n_ooc, d))) * scales + mu
    f[n:] += 0.3 * scales                                  # ooc images: shifted distribution
    w = rng.normal(size=(d, q)) / scales[:, None] * (rng.uniform(0, 1, d)[:, None] < 0.5)
    noise = np.exp(rng.uniform(-1, 2, q))                 # different noise per neuron: different alphas
    y = f @ w + 3.0 + noise * rng.normal(size=(n + n_ooc, q))
    return f[:n], y[:n], f[n:], y[n:]


def make_case(name, n, d, q, standardize, pca, n_ooc, seed):
    rng = np.random.default_rng(seed)
    X, Y, Xo, Yo = simulate(n, d, q, n_ooc, rng)
    alphas = np.logspace(-2, 5, 8)
    folds = np.arange(n) % 5
    rng.shuffle(folds)

    steps = []
    if standardize:
        steps.append(StandardScaler(with_mean=False).fit(X))
    if pca:
        Zs = steps[0].transform(X) if steps else X
        steps.append(PCA(n_components=pca, svd_solver="full").fit(Zs))

    def tf(a):
        for s in steps:
            a = s.transform(a)
        return a

    Z, Zo = tf(X), tf(Xo)
    oof = np.zeros((len(alphas), n, q))
    for k in range(5):
        tr, te = folds != k, folds == k
        for a, alpha in enumerate(alphas):
            oof[a, te] = Ridge(alpha=alpha, solver="svd").fit(Z[tr], Y[tr]).predict(Z[te])
    sse = ((oof - Y[None]) ** 2).sum(axis=1)              # [alphas, q]
    best = np.argmin(sse, axis=0)
    srt = np.sort(sse, axis=0)
    gap = (srt[1] - srt[0]) / srt[0]
    assert np.all(gap > 1e-6), f"{name}: near-tie between alphas, change the seed"
    chosen = alphas[best]
    cv_pred = np.stack([oof[best[j], :, j] for j in range(q)], axis=1)
    cv_r = np.array([scipy.stats.pearsonr(cv_pred[:, j], Y[:, j])[0] for j in range(q)])
    coef = np.zeros((q, Z.shape[1]))
    intercept = np.zeros(q)
    for j in range(q):
        m = Ridge(alpha=chosen[j], solver="svd").fit(Z, Y[:, j])
        coef[j], intercept[j] = m.coef_, m.intercept_
    pred_ooc = Zo @ coef.T + intercept
    pr = [scipy.stats.pearsonr(pred_ooc[:, j], Yo[:, j]) for j in range(q)]
    # effective weights on raw features (sign-free, so comparable under PCA): pred = f @ weff + beff
    eye = np.eye(d)
    weff = (tf(eye) - tf(np.zeros((1, d)))) @ coef.T      # [d, q]
    beff = tf(np.zeros((1, d)))[0] @ coef.T + intercept
    np.testing.assert_allclose(X @ weff + beff, Z @ coef.T + intercept, rtol=1e-9, atol=1e-9)
    return dict(X=X, Y=Y, X_ooc=Xo, Y_ooc=Yo, alphas=alphas, folds=folds.astype(np.int64),
                standardize=np.array(1.0 if standardize else 0.0), pca=np.array(float(pca)),
                chosen_alpha=chosen, cv_pred=cv_pred, cv_r=cv_r,
                coef=coef, intercept=intercept, weff=weff.T, beff=beff,
                pred_ooc=pred_ooc, r_ooc=np.array([p[0] for p in pr]), p_ooc=np.array([p[1] for p in pr]))


LOO_CASES = [
    # name, n, D, neurons, standardize
    ("loo_primal", 60, 20, 6, False),
    ("loo_kernel", 40, 90, 5, False),
    ("loo_kernel_std", 40, 90, 5, True),
]


def make_loo_case(name, n, d, q, standardize, seed):
    """scikit-learn's RidgeCV(cv=None, alpha_per_target=True): efficient leave-one-out; its chosen alphas,
    coefficients and LOO squared errors, and the LOO predictions at the chosen alphas recomputed by brute
    force (Ridge refitted without each image in turn), independently of the GCV formula."""
    rng = np.random.default_rng(seed)
    X, Y, _, _ = simulate(n, d, q, 0, rng)
    alphas = np.logspace(-2, 5, 8)
    Z = StandardScaler(with_mean=False).fit_transform(X) if standardize else X
    m = RidgeCV(alphas=alphas, alpha_per_target=True, store_cv_values=True).fit(Z, Y)
    sq = m.cv_values_                                      # [n, q, alphas] squared LOO errors
    sse = sq.sum(axis=0)                                   # [q, alphas]
    srt = np.sort(sse, axis=1)
    assert np.all((srt[:, 1] - srt[:, 0]) / srt[:, 0] > 1e-6), f"{name}: near-tie between alphas, change the seed"
    chosen = np.asarray(m.alpha_)
    assert np.array_equal(chosen, alphas[np.argmin(sse, axis=1)])
    loo = np.zeros((n, q))
    for i in range(n):
        keep = np.arange(n) != i
        for j in range(q):
            r = Ridge(alpha=chosen[j], solver="svd").fit(Z[keep], Y[keep, j])
            loo[i, j] = r.predict(Z[i:i + 1])[0]
    np.testing.assert_allclose((loo - Y) ** 2, np.stack([sq[:, j, np.argmin(sse[j])] for j in range(q)], 1),
                               rtol=1e-6, atol=1e-9)
    return dict(X=X, Y=Y, alphas=alphas, standardize=np.array(1.0 if standardize else 0.0),
                chosen_alpha=chosen, loo_pred=loo, coef=m.coef_, intercept=m.intercept_)


def write_readout(out, large=False):
    os.makedirs(out, exist_ok=True)
    cases = CASES if not large else [("large_kernel", 300, 700, 60, True, 0, 100),
                                     ("large_primal", 500, 150, 40, False, 0, 100)]
    for k, c in enumerate(cases):
        np.savez_compressed(os.path.join(out, c[0] + ".npz"), **make_case(*c, seed=100 + k))
    if not large:
        for k, c in enumerate(LOO_CASES):
            np.savez_compressed(os.path.join(out, c[0] + ".npz"), **make_loo_case(*c, seed=200 + k))
        # Pearson p-values from SciPy's t distribution, from tiny to extreme
        rs, ns, ps = [], [], []
        for n in [3, 4, 5, 10, 30, 100, 1000]:
            for r in [-0.99, -0.5, -0.1, 0.0, 0.05, 0.3, 0.7, 0.95, 0.999]:
                t = r * np.sqrt((n - 2) / (1 - r * r))
                rs.append(r)
                ns.append(n)
                ps.append(2 * scipy.stats.t.sf(abs(t), n - 2))
        np.savez(os.path.join(out, "pearson_p.npz"), r=np.array(rs), n=np.array(ns, dtype=np.float64),
                 p=np.array(ps))


def main():
    size, root = sys.argv[1], sys.argv[2]
    if size == "small":
        write_data(os.path.join(root, "data"))
        write_readout(os.path.join(root, "readout"))
    else:
        write_readout(os.path.join(root, "readout"), large=True)


if __name__ == "__main__":
    main()
