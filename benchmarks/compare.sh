#!/usr/bin/env bash
# Issue 14: features of 5 nodes of one network from ONE forward pass per batch (what sharedvis compare
# runs) vs 5 single-node extractions through the shipped FeatureExtractor (5 runs), same generated
# images, no cache, rounds interleaved A,B,A,B; reports the median per-round time ratio (goal <= 0.4).
# Needs the bundled models (make models). Usage: benchmarks/compare.sh [model] [images] [batch] [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build/bench benchmarks/results
CP=$(bash benchmarks/classpath.sh)
java -Xmx8g -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.bench.CompareBench "${1:-movenet-thunder}" \
  "${2:-48}" "${3:-16}" "${4:-5}" | tee benchmarks/results/compare.txt
