#!/usr/bin/env bash
# An up-to-date re-run (issue 13, item 3): `sharedvis run` on a finished run, where every step is
# skipped, against `sharedvis --version` (the JVM and picocli alone), interleaved, on the demo's run;
# with the launcher's class-data-sharing archive and without it (SHAREDVIS_CDS=off). Wall and CPU
# (user + system) seconds: on a loaded machine the CPU seconds are the steadier measure.
#   bash benchmarks/rerun.sh [reps=7]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-7}
B=build/bench/rerun
mkdir -p "$B"
SV=bin/sharedvis
[ -f "$B/demo/demo.toml" ] || $SV demo --out "$B/demo" >/dev/null 2>&1
$SV run "$B/demo/demo.toml" --out "$B/demo" --quiet 2>/dev/null # up to date with this build; records the archive
$SV run "$B/demo/demo.toml" --out "$B/demo" --quiet 2>/dev/null # all skipped: the digest memo complete
touch "$B/before"
timed() { /usr/bin/time -f "%e %U %S" -o "$B/t" "$@" >/dev/null 2>&1; awk '{ printf "%s\t%s", $1, $2 + $3 }' "$B/t"; }
: > "$B/times.tsv"
for ((r = 1; r <= REPS; r++)); do
  v=$(timed $SV --version)
  c=$(timed $SV run "$B/demo/demo.toml" --out "$B/demo" --quiet)
  n=$(timed env SHAREDVIS_CDS=off $SV run "$B/demo/demo.toml" --out "$B/demo" --quiet)
  echo -e "$r\t$v\t$c\t$n" >> "$B/times.tsv"
done
# every step skipped: no file of the run changed (run.json included; the run lock is the one file a run opens to write)
changed=$(find "$B/demo" -type f -newer "$B/before" ! -name .lock)
[ -z "$changed" ] || { echo "a step was not skipped; changed: $changed"; exit 1; }
/usr/bin/python3 - "$B/times.tsv" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, statistics as st
rows = [list(map(float, l.split("\t")[1:])) for l in open(sys.argv[1]) if l.strip()]
med = lambda k: st.median(r[k] for r in rows)
ratio = lambda a, b: st.median(r[a] / r[b] for r in rows)
print("up-to-date re-run of the demo (every step skipped), medians of %d interleaved reps, load %s:" % (len(rows), sys.argv[2]))
print("  wall s: --version %.2f; run with CDS %.2f; run without %.2f" % (med(0), med(2), med(4)))
print("  CPU s:  --version %.2f; run with CDS %.2f; run without %.2f" % (med(1), med(3), med(5)))
print("  run with CDS / --version: wall %.2f, CPU %.2f; with / without CDS: wall %.2f, CPU %.2f"
      % (ratio(2, 0), ratio(3, 1), ratio(2, 4), ratio(3, 5)))
PY
