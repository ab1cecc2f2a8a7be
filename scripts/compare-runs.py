#!/usr/bin/env python3
"""Compare two sharedvis output folders byte for byte (issue 12: a refactor must not change outputs).

Usage: python3 scripts/compare-runs.py [--new-config-key SECTION.KEY ...] BEFORE AFTER
       (exit 0 when they match)

Everything must be byte-identical except what is expected to differ between two runs of the same
inputs and what a code change must change:
  - run.json: "timings", "versions" and "sharedvis" (the code version) are ignored; so is
    "input_hashes.backbone", the backbone fingerprint, which includes the feature path's code
    version (a changed importer must miss the feature cache);
  - .state/*.stamp: step stamps are digests of what a step read, including code versions; only
    their names must match (the same units of work were done);
  - cache/<fingerprint>-b<batch>/: the cache folder is named after the backbone fingerprint; the
    cached feature files inside it must match byte for byte;
  - .lock: the run lock holds nothing;
  - --new-config-key SECTION.KEY: a config key AFTER's code has and BEFORE's had not (issue 12 added
    display.overlay_alpha) is dropped from AFTER's run.json config and from the config block that
    report/index.html shows; every other byte must still match.
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


def run_json(path, new_keys=()):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    for k in new_keys:
        section, key = k.split(".", 1)
        doc.get("config", {}).get(section, {}).pop(key, None)
    for key in ("timings", "versions", "sharedvis"):
        doc.pop(key, None)
    doc.get("input_hashes", {}).pop("backbone", None)
    return doc


def report_html(path, new_keys):
    with open(path, "rb") as f:
        text = f.read()
    for k in new_keys:
        key = k.split(".", 1)[1].encode()
        # the pretty-printed config: the key's line, and the comma it added to the line before
        text = re.sub(rb",\n\s*&quot;" + re.escape(key) + rb"&quot; : [^\n]*", b"", text)
    return text


def main(before, after, new_keys=()):
    a, b = files(before), files(after)
    problems = []
    for rel in sorted(set(a) | set(b)):
        if rel not in a or rel not in b:
            problems.append(f"only in {'after' if rel in b else 'before'}: {rel}")
            continue
        if rel == ".lock" or (rel.startswith(".state/") and rel.endswith(".stamp")):
            continue
        if rel == "run.json":
            ja, jb = run_json(a[rel]), run_json(b[rel], new_keys)
            if ja != jb:
                for k in sorted(set(ja) | set(jb)):
                    if ja.get(k) != jb.get(k):
                        problems.append(f"run.json: '{k}' differs: {ja.get(k)!r} vs {jb.get(k)!r}")
            continue
        if rel == "report/index.html" and new_keys:
            if report_html(a[rel], ()) != report_html(b[rel], new_keys):
                problems.append(f"differs: {rel}")
            continue
        with open(a[rel], "rb") as fa, open(b[rel], "rb") as fb:
            if fa.read() != fb.read():
                problems.append(f"differs: {rel}")
    for p in problems:
        print(p)
    print(f"{len(set(a) | set(b))} files compared, {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    args, keys = sys.argv[1:], []
    while len(args) > 2 and args[0] == "--new-config-key":
        keys.append(args[1])
        args = args[2:]
    if len(args) != 2:
        sys.exit(__doc__)
    sys.exit(main(args[0], args[1], keys))
