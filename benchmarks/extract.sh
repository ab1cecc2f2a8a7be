#!/usr/bin/env bash
# Extraction from image files at the bare forward's speed (issue 13 item 3): the shipped
# FeatureExtractor (as the extract step builds it, a fresh empty cache each repetition) over N image
# files decoded from disk, against the bare forward (Backbone.inferenceFeatures) on the same images
# decoded and preprocessed into memory beforehand, same batch size and engine threads; interleaved
# (order alternating), medians of the per-repetition ratios; minor page faults per image and the
# system share of process CPU time of each (/proc/self/stat).
#   bash benchmarks/extract.sh [images=600] [batch=16] [reps=5] [model=movenet-lightning] [layer=default]
#   TORCH_THREADS=1 bash benchmarks/extract.sh       # engine threads (default: the engine's, one per core)
#   IMAGES=dir bash benchmarks/extract.sh            # image folder (default ../shared/data/floc, else generated)
#   MAIN_CLASSES=build/base/classes bash benchmarks/extract.sh   # another build of src/main (before/after)
#   NATIVE_ENV=0 bash benchmarks/extract.sh          # without bin/native-env.sh's malloc settings
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-600}
BATCH=${2:-16}
REPS=${3:-5}
MODEL=${4:-movenet-lightning}
LAYER=${5:-}
B=build/bench/extract
mkdir -p "$B" benchmarks/results
IMAGES=${IMAGES:-../shared/data/floc}
[ -d "$IMAGES" ] || IMAGES="$B/images"
CP=$(bash benchmarks/classpath.sh)
# MAIN_CLASSES=dir times another build of src/main with the same harness (the "before" rows)
[ -n "${MAIN_CLASSES:-}" ] && CP="target/test-classes:$MAIN_CLASSES:${CP#target/test-classes:target/classes:}"
# the launcher's native environment (bin/native-env.sh), as bin/sharedvis runs; NATIVE_ENV=0: glibc's defaults
[ "${NATIVE_ENV:-1}" = 1 ] && . bin/native-env.sh
OPTS=()
[ -n "${TORCH_THREADS:-}" ] && OPTS+=("-Dai.djl.pytorch.num_threads=$TORCH_THREADS" "-Dai.djl.pytorch.num_interop_threads=1")
java -Xmx4g -Dai.djl.offline=true "${OPTS[@]}" -cp "$CP" io.github.sharedvis.bench.ExtractBench "$IMAGES" "$N" "$BATCH" "$REPS" "$MODEL" "$LAYER" | tee "$B/raw.txt"
/usr/bin/python3 - "$B/raw.txt" <<'PY' | tee "${OUT:-benchmarks/results/extract.txt}"
import sys, statistics as st
lines = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
setup = dict(kv.split("=", 1) for kv in next(l for l in lines if l[0] == "setup")[1:])
reps = [dict(kv.split("=") for kv in l[2:]) for l in lines if l[0] == "rep"]
col = lambda k: [float(r[k]) for r in reps]
print("extraction from files vs the bare forward on pre-decoded tensors: %s (%s), %s images from %s, batch %s, "
      "%s engine threads, %s cores; decoding + preprocessing %s ms per image (one thread); %d interleaved reps" % (setup["model"], setup["layer"], setup["images"],
      setup["source"], setup["batch"], setup["threads"], setup["cores"], setup["decode_ms"], len(reps)))
for l in lines:
    if l[0] == "rep":
        print("  " + "  ".join(l[1:]))
print("| measure | extraction | bare forward |")
print("| --- | ---: | ---: |")
print("malloc environment: %s" % setup.get("malloc", "?"))
for k, name in (("ips", "images/s (median)"), ("minflt", "minor page faults per image"), ("sys", "system share of CPU time")):
    print("| %s | %.3g | %.3g |" % (name, st.median(col("extract_" + k)), st.median(col("bare_" + k))))
print("resident memory after each rep: %s MB" % " ".join("%d" % x for x in col("rss_mb")))
v = col("ratio")
print("ratio extraction / bare images/s: median %.3f (range %.3f-%.3f), goal >= 0.8" % (st.median(v), min(v), max(v)))
PY
