#!/usr/bin/env bash
# The explain step batched across neurons (issue 13 item 2): a movenet-lightning run with 60 synthetic
# body-selective neurons and top_k 5 (built once under build/bench/explain), its explain step timed
# through the shipped ExplainStep.explainNeurons by the per-neuron path and the pooled path,
# interleaved (order alternating), and in every repetition the ideal (unique images x forward time per
# image + uses x backward time per image, measured in that repetition on a batch of [explain]
# batch_size of the run's images). Reports medians of the per-repetition ratios.
#   bash benchmarks/explain.sh [reps=5] [images per category=8]
#   TORCH_THREADS=2 bash benchmarks/explain.sh        # default 1 thread: far less noise on a shared machine
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-5}
PER=${2:-8}
B=build/bench/explain
mkdir -p "$B" benchmarks/results
CP=$(bash benchmarks/classpath.sh)
export TORCH_THREADS=${TORCH_THREADS:-1}
java -Dai.djl.offline=true -cp "$CP" io.github.sharedvis.pipeline.ExplainBench "$B/run" "$REPS" "$PER" | tee "$B/raw.txt"
/usr/bin/python3 - "$B/raw.txt" <<'PY' | tee benchmarks/results/explain.txt
import sys, statistics as st
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
setup = dict(kv.split("=") for kv in next(l for l in lines if l[0] == "setup")[1:])
reps = [dict(kv.split("=") for kv in l[2:]) for l in lines if l[0] == "rep"]
col = lambda k: [float(r[k]) for r in reps]
print("explain step, movenet-lightning, top_k 5, %s neurons = %s pairs over %s unique images (%s uses), "
      "batch %s, %s cores, %s engine thread(s); %d interleaved reps, medians" % (setup["neurons"], setup["pairs"],
      setup["unique_images"], setup["uses"], setup["batch"], setup["cores"], setup["threads"], len(reps)))
for l in lines:
    if l[0] == "rep":
        print("  " + "  ".join(l[1:]))
print("| measure | median | range | goal |")
print("| --- | ---: | ---: | --- |")
for k, unit, goal in (("per_neuron_s", "s", ""), ("pooled_s", "s", ""), ("ideal_s", "s", ""),
                      ("forward_ms", "ms/image", ""), ("backward_ms", "ms/image", ""),
                      ("pooled/ideal", "", "<= 1.2"), ("per_neuron/pooled", "", ">= 1.5")):
    v = col(k)
    print("| %s (%s) | %.3f | %.3f-%.3f | %s |" % (k, unit, st.median(v), min(v), max(v), goal) if unit else
          "| %s | %.3f | %.3f-%.3f | %s |" % (k, st.median(v), min(v), max(v), goal))
PY
