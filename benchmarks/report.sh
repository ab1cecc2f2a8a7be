#!/usr/bin/env bash
# Report step (issue 13, item 3): drawing one neuron at a time versus one per core, interleaved, on a
# synthetic run; the files are the same either way (ParallelReportTest).
#   bash benchmarks/report.sh [neurons=24] [pairs=5] [size=192] [reps=5]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/bench/report
mkdir -p "$OUT"
CP="$(bash benchmarks/classpath.sh)"
java -cp "$CP" io.github.sharedvis.report.ReportBench "$OUT/run" "${1:-24}" "${2:-5}" "${3:-192}" "${4:-5}" \
  | tee "$OUT/report.txt"
