#!/usr/bin/env bash
# An up-to-date re-run (issue 13, item 3): `sharedvis run` on a finished run, where every step is
# skipped, against `sharedvis --version` (the JVM and picocli alone), interleaved, on the demo's run.
#   bash benchmarks/rerun.sh [reps=7]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-7}
B=build/bench/rerun
mkdir -p "$B"
SV=bin/sharedvis
[ -f "$B/demo/demo.toml" ] || $SV demo --out "$B/demo" >/dev/null 2>&1
$SV run "$B/demo/demo.toml" --out "$B/demo" --quiet 2>/dev/null # up to date with this build
now() { date +%s.%N; }
: > "$B/times.tsv"
for ((r = 1; r <= REPS; r++)); do
  t0=$(now); $SV --version >/dev/null; t1=$(now)
  $SV run "$B/demo/demo.toml" --out "$B/demo" --quiet 2>/dev/null; t2=$(now)
  echo -e "$r\t$(awk "BEGIN { print $t1 - $t0 }")\t$(awk "BEGIN { print $t2 - $t1 }")" >> "$B/times.tsv"
done
grep -q '"skipped" : false' "$B/demo/run.json" && { echo "a step was not skipped: see $B/demo/run.json"; exit 1; }
/usr/bin/python3 - "$B/times.tsv" <<'PY'
import sys, statistics as st
rows = [list(map(float, l.split("\t")[1:])) for l in open(sys.argv[1]) if l.strip()]
v = st.median(r[0] for r in rows); run = st.median(r[1] for r in rows)
print("up-to-date re-run of the demo (every step skipped), median of %d interleaved reps:" % len(rows))
print("  sharedvis run: %.2f s; sharedvis --version: %.2f s; ratio %.1f (median of per-rep ratios %.1f)"
      % (run, v, run / v, st.median(r[1] / r[0] for r in rows)))
PY
