#!/usr/bin/env python3
"""Summarises benchmarks/scale.sh: per-step peak RSS, live heap and wall time (new vs base, with
ratios), the RSS sampled over each whole run (per step: max and median, and the trend within a step),
the small-heap runs and whether the outputs are identical.

    /usr/bin/python3 benchmarks/scale_table.py build/bench/scale N
"""
import csv
import json
import os
import re
import statistics as st
import sys

b, n = sys.argv[1], sys.argv[2]
setup = open(os.path.join(b, "setup-%s.txt" % n)).read().strip()
print("scale benchmark: " + setup.replace("\t", ", "))
rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(b, "steps-%s.tsv" % n)) if l.strip()]


def kv(s):
    return dict(x.split("=", 1) for x in s.split() if "=" in x)


steps = {}
for r in rows:
    if r[0] in ("extract", "fit", "explain", "report"):
        d = kv(r[2])
        d["load"] = r[3].split("=")[1] if len(r) > 3 else "?"
        steps.setdefault(r[0], {})[r[1]] = d
tags = sorted({t for s in steps.values() for t in s}, key=lambda t: t != "new")
print("\n1. each step its own process (launcher JVM options); peak RSS = VmHWM, live heap = largest heap after a GC")
print("| step | " + " | ".join("%s wall s | %s peak RSS MB | %s live heap MB" % (t, t, t) for t in tags)
      + (" | new/base wall | new/base peak RSS | new/base live heap |" if "base" in tags else " |"))
print("|---" * (1 + 3 * len(tags) + (3 if "base" in tags else 0)) + "|")
for s in ("extract", "fit", "explain", "report"):
    if s not in steps:
        continue
    cells = []
    for t in tags:
        d = steps[s].get(t, {})
        cells += [d.get("wall_s", "-"), "%.0f" % (int(d["max_rss_kb"]) / 1024) if "max_rss_kb" in d else "-",
                  d.get("live_heap_mb", "-") or "-"]
    if "base" in tags and "base" in steps[s] and "new" in steps[s]:
        nw, bs = steps[s]["new"], steps[s]["base"]
        f = lambda k: "%.2f" % (float(nw[k]) / float(bs[k])) if nw.get(k) and bs.get(k) else "-"
        cells += [f("wall_s"), f("max_rss_kb"), f("live_heap_mb")]
    print("| %s | %s |" % (s, " | ".join(cells)))

print("\n2. RSS sampled every 0.5 s over one whole `sharedvis run` (MB; step = the step running)")
print("| run | step | samples | seconds (run.json) | VmRSS max | VmRSS median | RssAnon max | RssFile max | "
      "RssAnon first→last third of the step | live heap max (GC log) |")
print("|---|---|---|---|---|---|---|---|---|---|")
for t in tags + ["new-small"]:
    f = os.path.join(b, "rss-%s-%s.csv" % (n, t))
    if not os.path.exists(f):
        continue
    samples = list(csv.DictReader(open(f)))
    gcs = []  # (uptime s, heap after MB)
    g = os.path.join(b, "gc-%s-whole-%s.log" % (n, t))
    if os.path.exists(g):
        for line in open(g):
            m = re.match(r"\[([0-9.]+)s\].*?([0-9]+)M->([0-9]+)M", line)
            if m:
                gcs.append((float(m.group(1)), int(m.group(3))))
    timings = {}
    rj = os.path.join(b, "run-%s-%s.json" % (n, t))
    if os.path.exists(rj):
        timings = {k: v["seconds"] for k, v in json.load(open(rj)).get("timings", {}).items()}
    for s in ("extract", "fit", "explain", "report"):
        ss = [x for x in samples if x["step"] == s]
        if not ss:
            continue
        rss = [int(x["vmrss_kb"]) / 1024 for x in ss]
        anon = [int(x["rssanon_kb"]) / 1024 for x in ss]
        fil = [int(x["rssfile_kb"]) / 1024 for x in ss]
        third = max(1, len(anon) // 3)
        t0, t1 = float(ss[0]["t_s"]), float(ss[-1]["t_s"])
        live = [h for (u, h) in gcs if t0 <= u <= t1 + 0.5]
        print("| %s | %s | %d | %s | %.0f | %.0f | %.0f | %.0f | %.0f → %.0f | %s |" % (
            t, s, len(ss), "%.1f" % timings[s] if s in timings else "-", max(rss), st.median(rss), max(anon),
            max(fil), st.median(anon[:third]), st.median(anon[-third:]), max(live) if live else "-"))
other = [r for r in rows if r[0] in ("whole", "small_heap", "compare")]
if other:
    print("\n3. whole runs, small-heap runs, outputs")
    for r in other:
        print("  " + "  ".join(r))

# ---- extrapolation: the heap formulas of pipeline/StepMemory.java (their one home; docs/cluster.md
# "Memory per step" explains them), evaluated by the shipped class through a tiny harness, beside the
# measured live heap and at NSD's sizes; main's formulas (before this change: the responses as one Java
# double[r] per value, 36 bytes with the means, and n_pref x q buffers for all neurons at once) for comparison
import subprocess

cfg = dict(kv.split("=") for kv in setup.split("\t"))
m = dict(n=int(cfg["N"]), q=int(cfg["neurons"]), D=int(cfg["D"]), hw=int(cfg["size"]) ** 2, pairs=int(cfg["neurons"]))
m["P"] = m["n"] // 10
GB = 1e9
CP = "target/classes:target/test-classes"


def new_heap(n, P, D, q, r, heap=False, hw=224 * 224, alphas=10):
    out = subprocess.run(["java", "-cp", CP, "io.github.sharedvis.bench.StepMemoryTable", str(n), str(P), str(D), str(q),
                          str(r), "heap" if heap else "mapped", str(hw), str(alphas)], capture_output=True, text=True,
                         check=True).stdout
    d = dict(x.split("=") for x in out.split())
    return {k: (v == "true" if k == "fileBacked" else int(v)) for k, v in d.items()}


def main_heap(n, P, D, q, r, hw):
    K = D
    resp = (20 + 8 * r) * n * q + 8 * n * q
    return {"extract": 4 * n * D,
            "fit": resp + 8 * P * D + 8 * P * K + 24 * P * P + 56 * P * q + 16 * K * q + 64e6,
            "explain": resp + 4 * P * K + 8 * K * q + 1024 * 8 * K + 2 * 256 * 12 * hw}


# a task of 8 GB: the heap gets 3/4 after the 1 GB ShardPlan keeps for the engine and the JVM
BUDGET = (8 - 1) * 0.75 * GB

print("\n4. heap formulas at the measured size, GB (r = 1): new (StepMemory) / main; measured live heap new / base")
new = new_heap(m["n"], m["P"], m["D"], m["q"], 1, hw=m["hw"], alphas=3)  # scale_data.py's run.toml: 3 penalties
old = main_heap(m["n"], m["P"], m["D"], m["q"], 1, m["hw"])
for s in ("extract", "fit", "explain"):
    live = lambda t: "%.2f" % (float(steps[s][t]["live_heap_mb"]) * 2 ** 20 / GB) if steps.get(s, {}).get(t, {}).get("live_heap_mb") else "-"
    print("  %-8s formula %.2f / %.2f   measured %s / %s" % (s, new[s] / GB, old[s] / GB, live("new"), live("base")))
print("  (responses: %.2f GB in the float32 store, %s; main: %.2f GB on the heap)" % (
    new["responses"] / GB, "file-backed" if new["fileBacked"] else "on the heap", (36 * m["n"] * m["q"]) / GB))


def qmax(n, P, D, r, heap):
    lo, hi = 1, 10 ** 7
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if new_heap(n, P, D, mid, r, heap)["fit"] <= BUDGET:
            lo = mid
        else:
            hi = mid - 1
    return lo


for (label, n, P, q, r) in (("NSD, all 73,000 images (10,000 preferred)", 73000, 10000, 15000, 1),
                            ("NSD, all 73,000 images (10,000 preferred)", 73000, 10000, 1000, 1),
                            ("NSD per subject, 10,000 images (1,370 preferred)", 10000, 1370, 15000, 3)):
    new = new_heap(n, P, 2048, q, r)
    onheap = new_heap(n, P, 2048, q, r, True)
    old = main_heap(n, P, 2048, q, r, 224 * 224)
    print("\n5. %s, D = 2,048, %d neurons, r = %d, 10 penalties, 224 px maps: heap GB, new (responses file-backed) / new "
          "(responses on the heap) / main" % (label, q, r))
    for s in ("extract", "fit", "explain"):
        ok = lambda b: "fits" if b <= BUDGET else "does NOT fit"
        print("  %-8s %.2f / %.2f / %.1f   (8 GB task, heap <= %.2f GB: %s / %s / %s)" % (
            s, new[s] / GB, onheap[s] / GB, old[s] / GB, BUDGET / GB, ok(new[s]), ok(onheap[s]), ok(old[s])))
    print("  responses %.2f GB (float32 store and means; main %.1f GB); the fit's largest terms: 8 P q = %.2f GB "
          "(cv predictions), 8 K q = %.2f GB (coefficients)" % (new["responses"] / GB, ((20 + 8 * r) * n * q + 8 * n * q) / GB,
                                                               8 * P * q / GB, 8 * 2048 * q / GB))
    print("  the fit stops fitting an 8 GB task at q = %d neurons (responses file-backed), q = %d (on the heap)" % (
        qmax(n, P, 2048, r, False), qmax(n, P, 2048, r, True)))

tw = lambda s: float(steps[s]["new"]["wall_s"]) if s in steps and "new" in steps[s] else float("nan")
O, O2 = m["n"] - m["P"], 63000
print("\n6. NSD times, 2 shared cores, THIS tiny network, from one measured size (rough):")
print("  extract  %.0f s x 73,000/%d (linear in n) = %.1f h (a real network costs more per image: docs/cluster.md)" % (
    tw("extract"), m["n"], tw("extract") * 73000 / m["n"] / 3600))
print("  fit      %.0f s x (63,000 x 15,000)/(%d x %d) (the ooc scores, n_ooc q D in Java loops, dominated here) = %.1f h,"
      " plus the fit's products (P^2 q per penalty: about 1 h, docs/cluster.md)" % (tw("fit"), O, m["q"], tw("fit") * O2 * 15000 / (O * m["q"]) / 3600))
print("  explain  %.0f s x 75,000/%d pairs (top_k 5; linear in pairs; the reference search also grows with n_pref) = %.1f h" % (
    tw("explain"), m["pairs"], tw("explain") * 75000 / m["pairs"] / 3600))
