#!/usr/bin/env bash
# Memory at scale (issue 13 item 5): the whole pipeline through the CLI jar on generated images and
# synthetic neurons, peak RSS and wall time per step, and RSS sampled over one whole run.
#   bash benchmarks/scale.sh [images=20000] [neurons=2000] [D=2048] [size=32]
#   BASE_JAR=/tmp/memory-base/target/sharedvis-0.1.0-SNAPSHOT-all.jar bash benchmarks/scale.sh   # + the "before" rows
# Inputs (scale_data.py, generated once under build/bench/scale/data-N, never committed): N images of
# SIZE x SIZE px in 10 categories ("body" preferred: N/10), a tiny random-weight TorchScript CNN with
# D output channels (global average: features [N, D]), NEURONS synthetic neurons (a random readout of
# that network's features, with noise), top_k 1.
# 1. Each step (extract, fit, explain, report) as its own `sharedvis STEP` process under /usr/bin/time
#    (peak RSS = VmHWM) with the launcher's JVM options (SHAREDVIS_JAVA_OPTS, default -Xmx8g) plus a GC
#    log (the largest heap after a collection: the live heap), the jars interleaved per step (order
#    alternating), each into its own run folder.
# 2. One whole `sharedvis run` per jar (WHOLE_TAGS, default all) with VmRSS/RssAnon/RssFile sampled every 0.5 s
#    (build/bench/scale/rss-N-JAR.csv), each sample tagged with the step running (from the outputs
#    present: features.npy, summary.csv, pairs.csv).
# 3. SMALL_HEAP (e.g. 2g): the fit and explain steps of each jar at -Xmx$SMALL_HEAP, from its extracted
#    features (a failed fit is replaced by the full-heap one for the explain): do they finish? And one
#    more whole run of the new jar at -Xmx$SMALL_HEAP, sampled (tag new-small).
# Summary: benchmarks/results/scale-N.txt (scale_table.py).
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
Q=${2:-2000}
D=${3:-2048}
SIZE=${4:-32}
PY=${PY:-/usr/bin/python3}
JAVA_OPTS=${SHAREDVIS_JAVA_OPTS:--Xmx8g}
B=build/bench/scale
DATA=$B/data-$N
mkdir -p "$B" benchmarks/results
[ -f "$DATA/run.toml" ] || $PY benchmarks/scale_data.py "$DATA" "$N" "$Q" "$D" "$SIZE"
mvn -q -B -o -DskipTests package >/dev/null
JAR=$(ls "$PWD"/target/sharedvis-*-all.jar)
tags=(new)
declare -A jar=([new]=$JAR)
if [ -n "${BASE_JAR:-}" ]; then tags+=(base); jar[base]=$(realpath "$BASE_JAR"); fi
STEPS=${STEPS:-extract fit explain report}
LOG=$B/steps-$N.tsv
: > "$LOG"
echo -e "cores=$(nproc)\tload_start=$(cut -d' ' -f1-3 /proc/loadavg)\tjava_opts=$JAVA_OPTS\tN=$N\tneurons=$Q\tD=$D\tsize=$SIZE" > "$B/setup-$N.txt"

# the largest heap occupancy after a GC pause (MB) in a unified GC log
gc_peak() { grep -oE '[0-9]+M->[0-9]+M' "$1" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1; }

k=0
for step in $STEPS; do
  for i in "${!tags[@]}"; do
    t=${tags[$(((i + k) % ${#tags[@]}))]}
    # the report step reads no features: the same code in both jars, timed for the new one only
    [ "$step" = report ] && [ "$t" != new ] && continue
    out=$PWD/$B/out-$N-$t
    [ "$step" = extract ] && rm -rf "$out"
    gc=$PWD/$B/gc-$N-$t-$step.log
    res=$( (cd "$DATA" && /usr/bin/time -f "wall_s=%e max_rss_kb=%M" java $JAVA_OPTS -Xlog:gc:file="$gc" \
      -Dai.djl.offline=true -jar "${jar[$t]}" "$step" run.toml --out "$out" --quiet) 2>&1 | grep -E '^wall_s|rror' | tr '\n' ' ' || true)
    echo -e "$step\t$t\t$res live_heap_mb=$(gc_peak "$gc")\tload=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$LOG"
    # the small-heap runs (3.) start from the extracted features
    [ "$step" = extract ] && [ -n "${SMALL_HEAP:-}" ] && rm -rf "$PWD/$B/small-$N-$t" && cp -a "$out" "$PWD/$B/small-$N-$t"
  done
  k=$((k + 1))
done

sample() { # pid csv out
  echo "t_s,step,vmrss_kb,rssanon_kb,rssfile_kb" > "$2"
  local t0; t0=$(date +%s.%N)
  while kill -0 "$1" 2>/dev/null; do
    local st=extract
    [ -f "$3/features/features.npy" ] && st=fit
    [ -f "$3/summary.csv" ] && st=explain
    [ -f "$3/pairs.csv" ] && st=report
    local v
    v=$(awk '/^VmRSS|^RssAnon|^RssFile/ {printf "%s,", $2}' "/proc/$1/status" 2>/dev/null || true)
    [ -n "$v" ] && echo "$(echo "$(date +%s.%N) - $t0" | bc),$st,${v%,}" >> "$2"
    sleep 0.5
  done
}
# whole runs: each jar at the launcher's options; with SMALL_HEAP also the new jar at -Xmx$SMALL_HEAP (tag new-small)
whole=${WHOLE_TAGS:-${tags[*]}}
[ -n "${SMALL_HEAP:-}" ] && whole="$whole new-small"
for t in $whole; do
  out=$PWD/$B/whole-$N-$t
  rm -rf "$out"
  opts=$JAVA_OPTS
  [ "$t" = new-small ] && opts="-Xmx$SMALL_HEAP"
  gcw=$PWD/$B/gc-$N-whole-$t.log # before the cd below: inside it $PWD is the data folder
  (cd "$DATA" && exec java $opts -Xlog:gc:file="$gcw" -Dai.djl.offline=true \
    -jar "${jar[${t%-small}]}" run run.toml --out "$out" --quiet) &
  pid=$!
  sample "$pid" "$B/rss-$N-$t.csv" "$out"
  wait "$pid" && echo -e "whole\t$t\texit=0 java_opts=$opts" | tee -a "$LOG" || echo -e "whole\t$t\texit=$? java_opts=$opts" | tee -a "$LOG"
  cp "$out/run.json" "$B/run-$N-$t.json" 2>/dev/null || true
done
if [ -n "${SMALL_HEAP:-}" ]; then
  for step in fit explain; do
    for t in "${tags[@]}"; do
      sm=$PWD/$B/small-$N-$t
      if [ "$step" = explain ] && [ ! -f "$sm/summary.csv" ]; then # its fit failed: explain from the full-heap fit
        cp -a "$B/out-$N-$t/model" "$B/out-$N-$t/summary.csv" "$sm/" && cp "$B/out-$N-$t/.state/fit.stamp" "$sm/.state/"
        step_note="(fit from the full-heap run) "
      else
        step_note=""
      fi
      res=$( (cd "$DATA" && /usr/bin/time -f "wall_s=%e max_rss_kb=%M" java -Xmx$SMALL_HEAP -Dai.djl.offline=true \
        -jar "${jar[$t]}" "$step" run.toml --out "$sm" --quiet) 2>&1 | grep -E '^wall_s|OutOfMemory|rror' | tr '\n' ' ' || true)
      echo -e "small_heap\t$t\t$step ${step_note}xmx=$SMALL_HEAP $res" | tee -a "$LOG"
    done
  done
fi
if [ -n "${BASE_JAR:-}" ]; then
  for f in summary.csv pairs.csv; do
    cmp -s "$B/out-$N-new/$f" "$B/out-$N-base/$f" && r=identical || r=DIFFERENT
    echo -e "compare\t$f\t$r" | tee -a "$LOG"
  done
fi
$PY benchmarks/scale_table.py "$B" "$N" | tee "benchmarks/results/scale-$N.txt"
