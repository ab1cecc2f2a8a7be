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

# ---- extrapolation: the heap formulas of docs/cluster.md ("Memory per step") at the measured size
# (beside the measured live heap) and at NSD's; times scaled by the term that dominates each step here
cfg = dict(kv.split("=") for kv in setup.split("\t"))
m = dict(n=int(cfg["N"]), q=int(cfg["neurons"]), D=int(cfg["D"]), r=1, hw=int(cfg["size"]) ** 2, pairs=int(cfg["neurons"]))
m["P"] = m["n"] // 10
GB = 1e9


def heap(n, P, D, q, r, hw, K=None):
    K = K or D
    O = n - P
    resp = (20 + 8 * r) * n * q + 8 * n * q
    new = {"extract": 4 * n * D,
           "fit": resp + 8 * P * D + 8 * P * K + 24 * P * P + 56 * P * q + 16 * K * q + 64e6,
           "explain": resp + 4 * P * K + 8 * K * q + 1024 * 8 * K + 2 * 256 * 12 * hw}
    before = {"extract": new["extract"] + 8 * n * D,
              "fit": new["fit"] + 20 * n * D + 8 * O * D + 8 * O * q,
              "explain": new["explain"] + 8 * n * D + 8 * n * K + 8 * n * q + 4 * n * K}
    return new, before, resp


print("\n4. heap formulas (docs/cluster.md) at the measured size, GB (r = 1): new / before; measured live heap new / base")
new, before, resp = heap(m["n"], m["P"], m["D"], m["q"], 1, m["hw"])
for s in ("extract", "fit", "explain"):
    live = lambda t: "%.2f" % (float(steps[s][t]["live_heap_mb"]) * 2 ** 20 / GB) if steps.get(s, {}).get(t, {}).get("live_heap_mb") else "-"
    print("  %-8s formula %.2f / %.2f   measured %s / %s" % (s, new[s] / GB, before[s] / GB, live("new"), live("base")))
print("  (responses alone: %.2f GB)" % (resp / GB))
for q in (15000, 1000):
    nsd = dict(n=73000, P=10000, D=2048, q=q, r=1, hw=224 * 224)
    new, before, resp = heap(nsd["n"], nsd["P"], nsd["D"], q, 1, nsd["hw"])
    print("\n5. NSD: 73,000 images (10,000 preferred), D = 2,048, %d neurons, r = 1, 224 px maps: heap GB, new / before" % q)
    for s in ("extract", "fit", "explain"):
        print("  %-8s %.1f / %.1f%s" % (s, new[s] / GB, before[s] / GB, "   (8 GB: %s)" % ("fits" if new[s] < 7e9 else "does NOT fit")))
    print("  of which responses %.1f GB; features in the fit %.2f GB (before %.2f), in the explain step %.2f GB (before %.2f)" % (
        resp / GB, (16 * 10000 * 2048) / GB, (16 * 10000 * 2048 + 20 * 73000 * 2048 + 8 * 63000 * 2048) / GB,
        4 * 10000 * 2048 / GB, (4 * 10000 * 2048 + 20 * 73000 * 2048) / GB))
tw = lambda s: float(steps[s]["new"]["wall_s"]) if s in steps and "new" in steps[s] else float("nan")
O, O2 = m["n"] - m["P"], 63000
print("\n6. NSD times, 2 shared cores, THIS tiny network, from one measured size (rough):")
print("  extract  %.0f s x 73,000/%d (linear in n)                    = %.1f h (a real network costs more per image: docs/cluster.md)" % (
    tw("extract"), m["n"], tw("extract") * 73000 / m["n"] / 3600))
print("  fit      %.0f s x (63,000 x 15,000)/(%d x %d) (the ooc scores, n_ooc q D in Java loops, dominated here) = %.1f h,"
      " plus the kernel fit (P^2 q per penalty: about 1 h, docs/cluster.md)" % (tw("fit"), O, m["q"], tw("fit") * O2 * 15000 / (O * m["q"]) / 3600))
print("  explain  %.0f s x 75,000/%d pairs (top_k 5; linear in pairs; the reference search also grows with n_pref) = %.1f h" % (
    tw("explain"), m["pairs"], tw("explain") * 75000 / m["pairs"] / 3600))
