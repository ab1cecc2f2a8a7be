#!/usr/bin/env bash
# Readout benchmark (issue #5): all neurons at once vs one at a time (same solver) vs scikit-learn's
# RidgeCV(alpha_per_target=True), one run, same data, CPU. The comparison with scikit-learn and himalaya on
# the same computations, interleaved, is benchmarks/readout-peers.sh.
#   bash benchmarks/readout.sh [neurons=1000] [images=2000] [features=2048] [alphas=10] [oneAtATime=2] [NATIVE|DJL|EJML]
# One-at-a-time is timed on oneAtATime neurons and scaled to all (its cost per neuron is constant).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
PY=${PY:-/usr/bin/python3}
OUT=build/bench/readout
mkdir -p "$OUT"
$MVN test-compile >/dev/null
$MVN dependency:build-classpath -Dmdep.outputFile="$OUT/cp.txt" >/dev/null
CP="target/test-classes:target/classes:$(cat "$OUT/cp.txt")"
java -Xmx8g -cp "$CP" io.github.sharedvis.bench.ReadoutBenchmark "${1:-1000}" "${2:-2000}" "${3:-2048}" \
  "${4:-10}" "${5:-2}" "$OUT" "${6:-NATIVE}" | tee "$OUT/java.txt"
$PY benchmarks/readout_sklearn.py "$OUT" | tee "$OUT/sklearn.txt"
$PY - "$OUT" <<'PYEOF'
import sys
d = sys.argv[1]
kv = {}
for f in ("java.txt", "sklearn.txt"):
    for line in open(d + "/" + f):
        k, _, v = line.strip().partition("=")
        kv[k] = v
b = float(kv["java_batch_s"])
print()
print("| %s neurons x %s images x %s features, %s alphas, 5-fold CV, %s cores | time (s) | vs batch |"
      % (kv["neurons"], kv["images"], kv["features"], kv["alphas"], kv["cores"]))
print("|---|---:|---:|")
print("| sharedvis EncodingModel (%s backend), all neurons at once | %.1f | 1.0x |" % (kv["backend"], b))
print("| same solver, one neuron at a time (%s s/neuron x %s) | %.0f | %.0fx slower |"
      % (kv["java_one_neuron_s"], kv["neurons"], float(kv["java_one_at_a_time_s"]), float(kv["java_one_at_a_time_s"]) / b))
s = float(kv["sklearn_ridgecv_s"])
print("| scikit-learn RidgeCV(alpha_per_target=True), LOO-GCV | %.1f | sklearn/sharedvis = %.2f |" % (s, s / b))
print()
print("peak memory: Java heap during the batch fit %s MB (inputs %s MB), Java process RSS %s MB; "
      "Python process RSS %s MB" % (kv["java_heap_peak_mb"], kv["java_input_mb"], kv["java_rss_peak_mb"],
                                    kv["sklearn_rss_peak_mb"]))
PYEOF
