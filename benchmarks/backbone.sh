#!/usr/bin/env bash
# Issue 2 benchmarks on a random-weight ResNet-50 TorchScript at 224 px (CPU):
#  (1) extraction throughput (FeatureExtractor path) vs a bare DJL forward of the same batches;
#  (2) forward+backward (input gradient) of the Java path vs PyTorch in Python on the same file and inputs.
# Both as ratios measured in one run, rounds interleaved. Usage: benchmarks/backbone.sh [batch] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/bench
PY=${PY:-/usr/bin/python3}
[ -f build/bench/resnet50.pt ] || $PY scripts/export_torchscript.py resnet50 --nodes layer4 avgpool -o build/bench/resnet50.pt >&2
CP=$(bash benchmarks/classpath.sh)
java -Xmx8g -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.bench.BackboneBench build/bench/resnet50.pt "${1:-8}" "${2:-5}"
