#!/usr/bin/env bash
# docs/compare.md, "fLoc": sharedvis compare on a subsample of the fLoc localizer (48 body images, every
# third; 16 of each other category, every ninth: 208 images), synthetic body-selective neurons reading
# MoveNet Thunder's keypoint head (as the demo's), the readout on MoveNet's out_relu (the run's node),
# compared at five MoveNet nodes and five CenterNet nodes.
# Usage: scripts/compare-floc.sh [OUT] (default build/compare-floc); FLOC=/path/to/floc overrides the data.
set -euo pipefail
cd "$(dirname "$0")/.."
FLOC=${FLOC:-/work/shared/data/floc}
OUT=${1:-build/compare-floc}
SV=${SV:-bin/sharedvis}
mkdir -p "$OUT"
ln -sfn "$(cd "$FLOC" && pwd)" "$OUT/floc" # the manifest names images under its own folder
awk -F, -v floc="floc" 'NR == 1 { print "image,category"; next }
  { n[$2]++; step = ($2 == "body") ? 3 : 9; if ((n[$2] - 1) % step == 0) print floc "/" $1 "," $2 }' \
  "$FLOC/labels.csv" > "$OUT/manifest.csv"
[ -f "$OUT/sim/responses.csv" ] || $SV simulate --stimuli "$OUT/manifest.csv" --preferred body --neurons 8 --out "$OUT/sim"
cat > "$OUT/floc.toml" <<TOML
[data]
stimuli = "sim/manifest.csv"
responses = "sim/responses.csv"
preferred = "body"
outside_paths = true

[backbone]
model = "movenet-thunder"
layer = "out_relu/Relu6"

[readout]
standardize = true

[explain]
top_k = 3
top_m = 3
method = "gradient"

[display]
smoothing_sigma = 4.0
TOML
$SV compare "$OUT/floc.toml" --out "$OUT" --models movenet-thunder,centernet --pairs 2
