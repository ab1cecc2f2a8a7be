"""The summary table of benchmarks/peers.md, from the result files the benchmarks wrote.

    python3 benchmarks/peers_table.py benchmarks/results benchmarks/peers.md

Each parser reads one benchmark's result file (the format that benchmark prints) and returns rows:
(work, sharedvis, peer or floor, ratio, goal, met). A file that is missing gives a row saying so.
The table replaces what lies between the two marker lines in peers.md.
"""
import re
import sys
from pathlib import Path

BEGIN = "<!-- summary:begin (benchmarks/peers.sh) -->"
END = "<!-- summary:end -->"


def table_rows(text, first_cell):
    """Markdown table rows (lists of cells) whose first cell starts with first_cell."""
    out = []
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and cells[0].startswith(first_cell):
                out.append(cells)
    return out


def readout(text):
    rows = []
    large, _, small = text.partition("\nsmall:")
    times = {c[0]: (c[1], c[2]) for c in table_rows(large, "sharedvis") + table_rows(large, "scikit")
             + table_rows(large, "himalaya")}
    for work, ours, peer, t, m in [c for c in table_rows(large, "5-fold") + table_rows(large, "leave-one-out")]:
        goal, met = ("<= 0.67 (1.5x faster)", float(t) <= 1 / 1.5) if work.startswith("5-fold") \
            else ("<= 1", float(t) <= 1)
        rows.append(("ridge 2000 x 2048 x 1000, " + work, f"{times[ours][0]} s, {times[ours][1]} MB",
                     f"{peer}: {times[peer][0]} s, {times[peer][1]} MB", f"{t} time, {m} RSS",
                     goal + "; RSS <= 1.5", met and float(m) <= 1.5))
    stimes = {c[0]: (c[1], c[2]) for c in table_rows(small, "sharedvis") + table_rows(small, "scikit")
              + table_rows(small, "himalaya")}
    for work, ours, peer, t, m in table_rows(small, "5-fold") + table_rows(small, "leave-one-out") \
            + table_rows(small, "any CV"):
        rows.append(("ridge 300 x 1280 x 50, start-up included, " + work, f"{ours}: {stimes[ours][0]} s",
                     f"{peer}: {stimes[peer][0]} s", f"{t} time, {m} RSS", "<= 1", float(t) <= 1))
    return rows


def importer(text):
    blocks = [b for b in text.split("# importer benchmark") if b.strip() and "target/classes" in b.splitlines()[0]]
    if not blocks:
        return []
    rows = []
    for c in table_rows(blocks[-1], ""):
        if c[0].isdigit():
            ratio = float(c[3].split()[0])
            rows.append((f"TF.js importer, MobileNetV2 fwd+bwd, batch {c[0]}", f"{c[1]} ms",
                         f"same network in TorchScript: {c[2]} ms", f"{ratio:.2f}",
                         "<= 1.15" if c[0] == "8" else "", ratio <= 1.15 if c[0] == "8" else None))
    return rows


def explain(text):
    text = text.split("\n# earlier")[0]  # the newest run comes first
    med = {c[0].split(" (")[0]: c[1] for c in table_rows(text, "")}
    head = next((l for l in text.splitlines() if l.startswith("explain step")), "")
    what = re.search(r"top_k \d+, \d+ neurons = \d+ pairs", head)
    return [(f"explain step ({what.group(0) if what else '?'}), pooled across neurons",
             f"{med['pooled_s']} s", f"ideal (per-image forward + backward of the same run): {med['ideal_s']} s",
             med["pooled/ideal"], "<= 1.2", float(med["pooled/ideal"]) <= 1.2),
            ("explain step: pooled vs the per-neuron loop", f"{med['pooled_s']} s",
             f"per-neuron loop: {med['per_neuron_s']} s", f"{1 / float(med['per_neuron/pooled']):.2f}",
             "<= 0.67 (1.5x faster)", float(med["per_neuron/pooled"]) >= 1.5)]


def rerun(text):
    cpu = re.search(r"CPU s:\s+--version ([\d.]+); run with CDS ([\d.]+)", text)
    wall = re.search(r"wall s: --version ([\d.]+); run with CDS ([\d.]+)", text)
    load = re.search(r"load ([\d.]+)", text)
    if not cpu:
        return []
    return [(f"re-run with every step up to date (load {load.group(1) if load else '?'})",
             f"{wall.group(2)} s wall, {cpu.group(2)} s CPU", f"`--version`: {wall.group(1)} s wall, "
             f"{cpu.group(1)} s CPU", f"{float(cpu.group(2)) / float(cpu.group(1)):.2f} CPU",
             "< 0.5 s wall", float(wall.group(2)) < 0.5)]


def extract(text):
    block = text.split("\n\n")[0]
    ips = table_rows(block, "images/s")
    ratio = re.search(r"ratio extraction / bare images/s: median ([\d.]+)", block)
    head = re.search(r"\n(extraction from files.*?);", block)
    if not (ips and ratio):
        return []
    return [(f"extraction from image files ({head.group(1).split(': ')[1] if head else ''})",
             f"{ips[0][1]} images/s", f"bare forward on pre-decoded tensors: {ips[0][2]} images/s",
             f"{float(ratio.group(1)):.2f} (throughput)", ">= 0.8", float(ratio.group(1)) >= 0.8)]


def report(text):
    med = re.search(r"medians: A ([\d.]+) s, B ([\d.]+) s", text)
    ratio = re.search(r"B / A per round: .*?median ([\d.]+)", text)
    if not (med and ratio):
        return []
    return [("report step of the demo (18 neurons), one thread", f"{med.group(2)} s",
             f"the build before (Paeth filter, zlib 4): {med.group(1)} s", ratio.group(1), "", None)]


def scale(text):
    rows = []
    for c in table_rows(text.split("\n2.")[0], ""):
        if c[0] in ("extract", "fit", "explain"):
            rows.append((f"20,000 images x 2,000 neurons, D = 2,048: {c[0]} step", f"{c[1]} s, live heap {c[3]} MB",
                         f"the build before (double[][] features): {c[4]} s, live heap {c[6]} MB",
                         f"{c[7]} time, {c[9]} live heap", "flat memory; NSD in 8 GB (see the file)", None))
    return rows


PARSERS = [("readout-peers.txt", readout), ("importer.txt", importer), ("explain.txt", explain),
           ("rerun.txt", rerun),
           ("extract.txt", extract), ("report-encoder.txt", report),
           ("scale-20000.txt", scale)]


def main(results, peers):
    lines = ["| work | sharedvis | peer or floor | ratio | goal | met | from |", "|---|---|---|---|---|---|---|"]
    for name, parse in PARSERS:
        f = Path(results) / name
        if not f.exists():
            lines.append(f"| (not run) | | | | | | `results/{name}` missing |")
            continue
        for work, ours, peer, ratio, goal, met in parse(f.read_text()):
            mark = "" if met is None else ("yes" if met else "**no**")
            lines.append(f"| {work} | {ours} | {peer} | {ratio} | {goal} | {mark} | `results/{name}` |")
    doc = Path(peers).read_text()
    if BEGIN not in doc:
        head, _, rest = doc.partition("\n## ")
        doc = head.rstrip("\n") + "\n\n" + BEGIN + "\n" + END + "\n\n## " + rest
    pre, _, rest = doc.partition(BEGIN)
    _, _, post = rest.partition(END)
    Path(peers).write_text(pre + BEGIN + "\n" + "\n".join(lines) + "\n" + END + post)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
