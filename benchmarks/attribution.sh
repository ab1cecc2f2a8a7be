#!/usr/bin/env bash
# Benchmark of the parallel-backpropagation engine (issue #4) on a random-weight ResNet-50 at 224 px, CPU.
#   bash benchmarks/attribution.sh            # full run (~15-25 min on 2 shared cores)
#   QUICK=1 bash benchmarks/attribution.sh    # smoke run
#   TORCH_THREADS=1 bash benchmarks/attribution.sh   # one PyTorch thread: far less noise on a shared machine
# Writes the report to build/bench/attribution.txt. Not part of `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-/usr/bin/python3}
MVN=${MVN:-mvn -B -q -o}
MODEL=build/bench/resnet50_avgpool.pt
OUT=build/bench/attribution.txt
mkdir -p build/bench
[ -f "$MODEL" ] || $PY benchmarks/make_resnet50.py "$MODEL"
$MVN test-compile
$MVN dependency:build-classpath -Dmdep.outputFile=build/bench/classpath.txt >/dev/null
CP="target/test-classes:target/classes:$(cat build/bench/classpath.txt)"
JAVA="java -Xmx4g -Dai.djl.offline=true -cp $CP io.github.sharedvis.bench.AttributionBenchmark"
if [ -n "${QUICK:-}" ]; then
  BATCHES=1,2; REPS=2; IG=4; ROWS=4; MEM_STEPS=8; LOOPS=2
else
  BATCHES=1,2,4,8; REPS=7; IG=16; ROWS=16; MEM_STEPS=32; LOOPS=2
fi
{
  echo "# attribution benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(uname -m), load $(cut -d" " -f1-3 /proc/loadavg), TORCH_THREADS=${TORCH_THREADS:-default}"
  $JAVA speed "$MODEL" 224 "$BATCHES" "$REPS" "$IG" "$ROWS"
  echo
  echo "(d) peak memory, one fresh JVM per configuration, 1 pair"
  # Integrated Gradients, all 2 x steps images in one pass (no knob) vs passes of 4 images (knob).
  $JAVA memory "$MODEL" 224 INTEGRATED_GRADIENTS "$MEM_STEPS" $((2 * MEM_STEPS)) "$LOOPS"
  $JAVA memory "$MODEL" 224 INTEGRATED_GRADIENTS "$MEM_STEPS" 4 "$LOOPS"
  # Gradient in a loop: native memory must stay flat across calls.
  $JAVA memory "$MODEL" 224 GRADIENT 1 2 20
  echo
  echo "(e) Integrated-Gradients completeness on two real images (skipped without ../shared/data)"
  A=../shared/data/floc/instrument/instrument-1.jpg; B=../shared/data/floc/body/body-1.jpg
  if [ -f "$A" ] && [ -f "$B" ]; then $JAVA completeness "$MODEL" "$A" "$B" 16,64; else echo "skipped: $A not found"; fi
} 2>&1 | tee "$OUT"
