#!/usr/bin/env bash
# The report step before and after a change of src/main (issue 13 item 3: the PNG encoder): ReportBench
# on one run, alternating JVMs of two builds (A, B, A, B, ...), each JVM one warm-up and REPS timed
# reports with one thread and with one per core; prints each JVM's line and the median per-round ratio
# of the one-thread times (B / A).
#   MAIN_CLASSES=build/base/classes bash benchmarks/report-encoder.sh RUN_DIR [rounds=3] [reps=3]
# A is MAIN_CLASSES (e.g. `git archive <commit> src/main | tar -x -C build/base/src`, javac'd into
# build/base/classes, resources copied), B is this checkout. RUN_DIR is a finished run (e.g. a copy of
# demo-out; its report/ is rewritten).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [ -z "${MAIN_CLASSES:-}" ]; then
  echo "report-encoder.sh: skipped (needs a run folder and MAIN_CLASSES, the other build; see the header)"
  exit 0
fi
RUN=$1
ROUNDS=${2:-3}
REPS=${3:-3}
CP=$(bash benchmarks/classpath.sh)
DEPS=${CP#target/test-classes:target/classes:}
A="target/test-classes:$MAIN_CLASSES:$DEPS"
for r in $(seq 1 "$ROUNDS"); do
  for k in A B; do
    [ $k = A ] && C=$A || C=$CP
    printf '%s\t%s\t' "$r" "$k"
    java -cp "$C" io.github.sharedvis.report.ReportBench "$RUN" 0 0 0 "$REPS" | tail -n 1
  done
done | tee build/bench/report/encoder.txt
/usr/bin/python3 - build/bench/report/encoder.txt <<'PY'
import re, sys, statistics as st
one = {}
for l in open(sys.argv[1]):
    r, k, rest = l.split("\t", 2)
    one[(r, k)] = float(re.search(r"one thread: median ([0-9.]+) s", rest).group(1))
rounds = sorted({r for r, _ in one})
ratios = [one[(r, "B")] / one[(r, "A")] for r in rounds]
print("one-thread report time B / A per round: %s; median %.3f" % (" ".join("%.3f" % x for x in ratios), st.median(ratios)))
print("medians: A %.2f s, B %.2f s" % (st.median(one[(r, "A")] for r in rounds), st.median(one[(r, "B")] for r in rounds)))
PY
