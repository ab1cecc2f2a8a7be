#!/usr/bin/env bash
# The up-to-date re-run of the demo (every step skipped) of another build of sharedvis against this one,
# interleaved: old --version, old run, new --version, new run; each on its own copy of the demo's run
# (their stamps may differ). Wall and CPU seconds, medians; ratios are medians of per-repetition ratios.
#   git archive <commit> | tar -x -C /tmp/base && (cd /tmp/base && mvn -B -q -o -DskipTests package)
#   bash benchmarks/rerun-ab.sh /tmp/base [reps=7]
set -euo pipefail
cd "$(dirname "$0")/.."
A=$(cd "$1" && pwd); B=$(pwd)
REPS=${2:-7}
T=build/bench/rerun-ab
mkdir -p "$T"
for d in "$A" "$B"; do
  demo="$d/build/bench/rerun/demo"
  if [ ! -f "$demo/demo.toml" ]; then
    mkdir -p "$d/build/bench/rerun" && "$d/bin/sharedvis" demo --out "$demo" >/dev/null 2>&1
  fi
  "$d/bin/sharedvis" run "$demo/demo.toml" --out "$demo" --quiet 2>/dev/null # up to date for that build; its archive
done
timed() { /usr/bin/time -f "%e %U %S" -o "$T/t" "$@" >/dev/null 2>&1; awk '{ printf "%s\t%s", $1, $2 + $3 }' "$T/t"; }
: > "$T/times.tsv"
for ((r = 1; r <= REPS; r++)); do
  row="$r"
  for d in "$A" "$B"; do
    row="$row\t$(timed "$d/bin/sharedvis" --version)"
    row="$row\t$(timed "$d/bin/sharedvis" run "$d/build/bench/rerun/demo/demo.toml" --out "$d/build/bench/rerun/demo" --quiet)"
  done
  echo -e "$row" >> "$T/times.tsv"
done
/usr/bin/python3 - "$T/times.tsv" "$(cut -d' ' -f1-3 /proc/loadavg)" "$A" <<'PY'
import sys, statistics as st
rows = [list(map(float, l.split("\t")[1:])) for l in open(sys.argv[1]) if l.strip()]
med = lambda k: st.median(r[k] for r in rows)
ratio = lambda a, b: st.median(r[a] / r[b] for r in rows)
print("re-run of the demo, every step skipped: %s (old) vs this build (new), %d interleaved reps, load %s"
      % (sys.argv[3], len(rows), sys.argv[2]))
print("  old: --version wall %.2f cpu %.2f; run wall %.2f cpu %.2f" % (med(0), med(1), med(2), med(3)))
print("  new: --version wall %.2f cpu %.2f; run wall %.2f cpu %.2f" % (med(4), med(5), med(6), med(7)))
print("  new/old run: wall %.2f, CPU %.2f; run/--version: old wall %.2f, new wall %.2f"
      % (ratio(6, 2), ratio(7, 3), ratio(2, 0), ratio(6, 4)))
PY
