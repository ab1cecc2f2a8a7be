#!/usr/bin/env python3
"""Compare two sharedvis output folders byte for byte (issue 12: a refactor must not change outputs).

Usage: python3 scripts/compare-runs.py BEFORE AFTER      (exit 0 when they match)

Everything must be byte-identical except what is expected to differ between two runs of the same
inputs and what a code change must change:
  - run.json: "timings", "versions" and "sharedvis" (the code version) are ignored; so is
    "input_hashes.backbone", the backbone fingerprint, which includes the feature path's code
    version (a changed importer must miss the feature cache);
  - .state/*.stamp: step stamps are digests of what a step read, including code versions; only
    their names must match (the same units of work were done);
  - cache/<fingerprint>-b<batch>/: the cache folder is named after the backbone fingerprint; the
    cached feature files inside it must match byte for byte;
  - .lock: the run lock holds nothing.
"""
import json
import os
import re
import sys


def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            rel = os.path.relpath(p, root)
            out[re.sub(r"^cache/[0-9a-f]+-b", "cache/<fingerprint>-b", rel)] = p
    return out


def run_json(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for key in ("timings", "versions", "sharedvis"):
        doc.pop(key, None)
    doc.get("input_hashes", {}).pop("backbone", None)
    return doc


def main(before, after):
    a, b = files(before), files(after)
    problems = []
    for rel in sorted(set(a) | set(b)):
        if rel not in a or rel not in b:
            problems.append(f"only in {'after' if rel in b else 'before'}: {rel}")
            continue
        if rel == ".lock" or (rel.startswith(".state/") and rel.endswith(".stamp")):
            continue
        if rel == "run.json":
            ja, jb = run_json(a[rel]), run_json(b[rel])
            if ja != jb:
                for k in sorted(set(ja) | set(jb)):
                    if ja.get(k) != jb.get(k):
                        problems.append(f"run.json: '{k}' differs: {ja.get(k)!r} vs {jb.get(k)!r}")
            continue
        with open(a[rel], "rb") as fa, open(b[rel], "rb") as fb:
            if fa.read() != fb.read():
                problems.append(f"differs: {rel}")
    for p in problems:
        print(p)
    print(f"{len(set(a) | set(b))} files compared, {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
