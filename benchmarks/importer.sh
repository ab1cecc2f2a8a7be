#!/usr/bin/env bash
# Issue 13 item 4: the TF.js importer vs TorchScript on the same architecture (MobileNetV2, width 1.0,
# to its last ReLU6, [N, 1280, 6, 6]), 192 px, forward + input-gradient backward of sum(layer), CPU.
# MoveNet Lightning (bundled, `make models`) through TfjsBackbone vs a random-weight torchvision
# mobilenet_v2 exported to TorchScript (build/bench/mobilenet_v2.pt, never committed) through
# TorchScriptBackbone; both via Gradients.vjp, rounds interleaved, median of per-round ratios.
#   bash benchmarks/importer.sh [BATCHES] [ROUNDS]       # default 2,8 and 15
#   PYTHON=1 bash benchmarks/importer.sh                  # also time PyTorch in Python (reference)
#   TORCH_THREADS=1 bash benchmarks/importer.sh           # one PyTorch thread (less noise when shared)
#   MAIN_CLASSES=build/base/classes OUT=build/bench/importer-base.txt bash benchmarks/importer.sh
#                     # the same harness against another build of src/main (e.g. an older commit, see README)
# Writes benchmarks/results/importer.txt. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
MODEL=build/bench/mobilenet_v2.pt
OUT=${OUT:-benchmarks/results/importer.txt}
mkdir -p build/bench
[ -f "$MODEL" ] || $PY scripts/export_torchscript.py mobilenet_v2 --nodes features -o "$MODEL" >&2
CP=$(bash benchmarks/classpath.sh)
if [ -n "${MAIN_CLASSES:-}" ]; then CP="target/test-classes:$MAIN_CLASSES:$(cat build/bench/classpath.txt)"; fi
{
  echo "# importer benchmark, $(date -u +%FT%TZ), $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), TORCH_THREADS=${TORCH_THREADS:-default}, main classes ${MAIN_CLASSES:-target/classes}"
  java -Xmx4g -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.bench.ImporterBench "$MODEL" "${1:-2,8}" "${2:-15}" \
    ${PYTHON:+python}
} 2>&1 | tee "$OUT"
