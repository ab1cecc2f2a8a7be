#!/usr/bin/env python3
"""Summarises benchmarks/readout-peers.sh's runs.tsv: medians of wall time and peak RSS per tool and
median of per-repetition ratios sharedvis / peer.  Usage: readout_peers_table.py runs.tsv reps cores load"""
import statistics as st
import sys

log, reps, cores, load = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
runs = {}
for line in open(log):
    case, tool, rep, res = line.rstrip("\n").split("\t")
    kv = dict(p.split("=") for p in res.split())
    t = float(kv["fit_s"]) if case == "large" else float(kv["process_s"])
    runs.setdefault((case, tool), {})[rep] = (t, float(kv["max_rss_kb"]) / 1e3)

NAMES = {"sv_kfold": "sharedvis EncodingModel, 5-fold", "sv_loo": "sharedvis EncodingModel, leave-one-out",
         "sk_loo": "scikit-learn RidgeCV(alpha_per_target=True), leave-one-out",
         "hm_kernel": "himalaya KernelRidgeCV, 5-fold", "hm_ridge": "himalaya RidgeCV, 5-fold"}


def med(case, tool, i):
    return st.median(v[i] for v in runs[(case, tool)].values())


def ratio(case, a, b, i):
    ra, rb = runs.get((case, a)), runs.get((case, b))
    if not ra or not rb:
        return None
    return st.median(ra[r][i] / rb[r][i] for r in ra if r in rb)


print("readout peers: %s repetitions interleaved, %s cores, load average at the end: %s" % (reps, cores, load))
for case, what in (("large", "2000 images x 2048 features x 1000 neurons, 10 alphas; time = the fit"),
                   ("small", "300 x 1280 x 50, 10 alphas; time = the whole process, start-up included")):
    print()
    print("%s: %s" % (case, what))
    print("| tool | time (s) | peak RSS (MB) |")
    print("|---|---:|---:|")
    for tool in NAMES:
        if (case, tool) in runs:
            print("| %s | %.2f | %.0f |" % (NAMES[tool], med(case, tool, 0), med(case, tool, 1)))
    print()
    print("| work | sharedvis | peer | time ratio | RSS ratio |")
    print("|---|---|---|---:|---:|")
    pairs = [("5-fold CV", "sv_kfold", "hm_kernel"), ("5-fold CV", "sv_kfold", "hm_ridge"),
             ("leave-one-out", "sv_loo", "sk_loo")]
    for work, a, b in pairs:
        t, m = ratio(case, a, b, 0), ratio(case, a, b, 1)
        if t is not None:
            print("| %s | %s | %s | %.2f | %.2f |" % (work, NAMES[a], NAMES[b], t, m))
    t, m = ratio(case, "sv_kfold", "sk_loo", 0), ratio(case, "sv_kfold", "sk_loo", 1)
    if t is not None:
        print("| any CV (k-fold vs LOO) | %s | %s | %.2f | %.2f |" % (NAMES["sv_kfold"], NAMES["sk_loo"], t, m))
print()
print("ratio = sharedvis / peer (below 1: sharedvis faster or smaller), median of per-repetition ratios")
