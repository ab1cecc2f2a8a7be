#!/usr/bin/env bash
# Forward+backward (d sum(heatmap) / d pixels, batch 1) of MoveNet Thunder: sharedvis' importer on
# DJL PyTorch vs @tensorflow/tfjs (pure JavaScript, CPU backend) in Node, one run each, ratio printed.
# Needs `make models` and the tfjs oracle install (`make tfjs-oracle`). Not part of `make test`:
# tfjs's pure-JS backward through MoveNet Thunder takes minutes.
# usage: benchmarks/tfjs_vs_java.sh [JAVA_REPEATS] [TFJS_REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
JR=${1:-7}
TR=${2:-1}
M=${SHAREDVIS_MODELS:-$HOME/.cache/sharedvis/models}/package/models/movenet-thunder.json
NODE_NAME=StatefulPartitionedCall/Sigmoid   # the 17 keypoint heatmaps: backbone + FPN + head
[ -f "$M" ] || { echo "missing $M: run make models"; exit 1; }
[ -d build/node/node_modules/@tensorflow/tfjs ] || { echo "missing tfjs: run make tfjs-oracle"; exit 1; }
mvn -q -B -o test-compile
mvn -q -B -o dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
CP=target/test-classes:target/classes:$(cat target/bench.classpath)
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
java_json=$(java -Xmx4g -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.backbone.tfjs.MoveNetBench "$M" "$NODE_NAME" "$JR")
echo "java: $java_json"
# tfjs cannot differentiate MoveNet's batch-1 preamble (Unpack -> stack), so it is fed just after it
# (StatefulPartitionedCall/stack, an identity on the cast pixels); the timed operations are the same.
tfjs_json=$(node scripts/tfjs_oracle.js --model "$M" --out build/bench-tfjs --feed StatefulPartitionedCall/stack \
  --grad "$NODE_NAME" --bench "$TR" 2>/dev/null | grep '^{')
echo "tfjs: $tfjs_json"
node -e '
const j = JSON.parse(process.argv[1]), t = JSON.parse(process.argv[2]);
console.log(`forward:          tfjs ${t.msForward.toFixed(0)} ms, java ${j.msForward.toFixed(0)} ms, tfjs/java = ${(t.msForward / j.msForward).toFixed(1)}x`);
console.log(`forward+backward: tfjs ${t.msPerForwardBackward.toFixed(0)} ms, java ${j.msPerForwardBackward.toFixed(0)} ms, tfjs/java = ${(t.msPerForwardBackward / j.msPerForwardBackward).toFixed(1)}x`);
' "$java_json" "$tfjs_json"
