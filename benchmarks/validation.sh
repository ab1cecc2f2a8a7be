#!/usr/bin/env bash
# Issue 7: synthetic fLoc neurons, the pipeline per neuron (Fig. 6 analogue), gradient vs Integrated
# Gradients (Fig. 7 analogue), and the planted-feature + deletion benchmarks with 95% bootstrap
# intervals (6 neurons x 17 planted pairs). Offline: needs ../shared/data/floc and the bundled
# MoveNet models (`make models`). Writes build/validation/{validation.md,planted.csv,*.png}.
# Takes 2-13 min on 2 shared cores (measured). Extra arguments go to `sharedvis validate` (e.g. --pairs-per-neuron 5).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/floc
if [ ! -f "$data/labels.csv" ]; then
  echo "validation.sh: $data/labels.csv not found; the benchmark needs the shared fLoc images" >&2
  exit 2
fi
out=${OUT:-build/validation}
bin/sharedvis validate --data "$data" --out "$out" "$@"
cat "$out/validation.md"
