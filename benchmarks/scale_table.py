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
