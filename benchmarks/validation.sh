#!/usr/bin/env bash
# The validation protocol of docs/validation.md (issue 10): synthetic neurons on fLoc and on
# uniform-background silhouettes, one pipeline run per preferred category, planted patches scored by
# source retrieval, ooc-map mass, forced-source reference-map mass, deletion and model randomisation,
# against single-image baselines, with 95% bootstrap intervals.
#
#   benchmarks/validation.sh dev       # seeds 0-2, MoveNet Lightning, the 11-variant grid; selection.md
#   benchmarks/validation.sh heldout   # seeds 100-102, MoveNet Thunder, the frozen default
#   benchmarks/validation.sh all       # both, one after the other (the full protocol)
#
# Offline: needs ../shared/data/floc and the bundled MoveNet models (`make models`). Writes
# build/validation-<split>/{validation.md,selection.md,planted.csv,randomisation.csv,*.png}.
# Extra arguments go to `sharedvis validate` (e.g. --pairs-per-cell 1 for a quick look).
set -euo pipefail
cd "$(dirname "$0")/.."
data=../shared/data/floc
if [ ! -f "$data/labels.csv" ]; then
  echo "validation.sh: $data/labels.csv not found; the benchmark needs the shared fLoc images" >&2
  exit 2
fi
split=${1:-all}
shift || true
case "$split" in
  dev|heldout) splits=$split ;;
  all) splits="dev heldout" ;;
  *) echo "validation.sh: the first argument is dev, heldout or all, got '$split'" >&2; exit 2 ;;
esac
for s in $splits; do
  out=build/validation-$s
  start=$(date +%s)
  bin/sharedvis validate --split "$s" --data "$data" --out "$out" --quiet "$@"
  echo "validation.sh: $s took $(( $(date +%s) - start )) s" >&2
  cat "$out/validation.md"
done
