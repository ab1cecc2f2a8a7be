"""Markdown tables of a sharedvis compare folder for docs/compare.md (presentation only; the numbers are
compare's CSVs). Usage: /usr/bin/python3 scripts/compare_markdown.py DIR/compare"""
import csv
import sys
from collections import OrderedDict

d = sys.argv[1]
rows = list(csv.DictReader(open(f"{d}/compare.csv")))
summary = list(csv.DictReader(open(f"{d}/compare-summary.csv")))
f2 = lambda v: "NaN" if v.lower() == "nan" else f"{float(v):.2f}"

print("| node | dims | median r within | median r ooc | median r within² / rel. | median r ooc² / rel. | best (within) | best (ooc) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- |")
dims = {(r["model"], r["layer"]): r["dims"] for r in rows}
runs = {(r["model"], r["layer"]) for r in rows if r["run_layer"] == "1"}
for s in summary:
    key = (s["model"], s["layer"])
    label = s["label"] + (" (run's node)" if key in runs else "")
    print(f"| {label} | {dims[key]} | {f2(s['median_r_within_cv'])} | {f2(s['median_r_ooc'])} | "
          f"{f2(s['median_r2_within_norm'])} | {f2(s['median_r2_ooc_norm'])} | {s['best_within']} | {s['best_ooc']} |")
print()
neurons = list(OrderedDict.fromkeys(r["neuron"] for r in rows))
labels = list(OrderedDict.fromkeys(r["label"] for r in rows))
rel = {r["neuron"]: r["reliability"] for r in rows}
print("r ooc per neuron (bold: the neuron's best node):\n")
print("| node | " + " | ".join(neurons) + " |")
print("| --- |" + " --- |" * len(neurons))
for lab in labels:
    cells = []
    for n in neurons:
        r = next(x for x in rows if x["label"] == lab and x["neuron"] == n)
        v = f2(r["r_ooc"])
        cells.append(f"**{v}**" if r["best_ooc"] == "1" else v)
    print(f"| {lab} | " + " | ".join(cells) + " |")
print("| reliability | " + " | ".join(f2(rel[n]) for n in neurons) + " |")
try:
    agree = list(csv.DictReader(open(f"{d}/agreement-summary.csv")))
except FileNotFoundError:
    agree = []
if agree and len(agree) <= 15:
    short = {f"{r['model']}#{r['layer']}": r["label"] for r in rows}
    print("\nMap agreement (median over all pairs and both images):\n")
    print("| node A | node B | maps | median Spearman | median top-10% overlap (chance 0.10) |")
    print("| --- | --- | --- | --- | --- |")
    for a in agree:
        print(f"| {short[a['layer_a']]} | {short[a['layer_b']]} | {a['maps']} | {f2(a['median_spearman'])} | "
              f"{f2(a['median_top_overlap'])} |")
if agree:
    # the question of docs/compare.md: do maps agree more within a network than across networks?
    detail = list(csv.DictReader(open(f"{d}/agreement.csv")))
    model = lambda key: key.split("#", 1)[0]
    groups = OrderedDict()
    for a in detail:
        ma, mb = model(a["layer_a"]), model(a["layer_b"])
        g = f"within {ma}" if ma == mb else f"across {ma} / {mb}"
        groups.setdefault(g, []).append(a)
    med = lambda v: sorted(v)[len(v) // 2] if len(v) % 2 else (sorted(v)[len(v) // 2 - 1] + sorted(v)[len(v) // 2]) / 2
    print("\n| node pairs | maps | median Spearman | median top-10% overlap |")
    print("| --- | --- | --- | --- |")
    for g, v in groups.items():
        sp = [float(x["spearman"]) for x in v if x["spearman"].lower() != "nan"]
        ov = [float(x["top_overlap"]) for x in v]
        print(f"| {g} | {len(v)} | {med(sp):.2f} | {med(ov):.2f} |")
