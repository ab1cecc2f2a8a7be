#!/usr/bin/env bash
# sharedvis ridge readouts against scikit-learn and himalaya (issue 13): wall time and peak RSS, each fit
# in a fresh process, interleaved (rep 1: every tool, rep 2: every tool, ... starting at a rotating tool),
# ratios = median over repetitions of the per-repetition ratio.
#   bash benchmarks/readout-peers.sh [reps=3]
# Cases: large 2000 images x 2048 features x 1000 neurons, 10 alphas; small 300 x 1280 x 50, 10 alphas.
# Tools: sharedvis k-fold (the 5 folds of folds.npy) and leave-one-out (EncodingModel, default backend,
# the launcher's JVM options); scikit-learn RidgeCV(alpha_per_target=True) (LOO); himalaya KernelRidgeCV
# and RidgeCV (numpy backend, the same 5 folds). Large case: the fit's own wall time; small case: the
# whole process (JVM or Python start, imports, reading the data, fit).
# himalaya's RidgeCV (the slowest by far) runs in the first HM_RIDGE_REPS (default 1) repetitions only.
# himalaya is not packaged and never a dependency: put a checkout at $HIMALAYA (default /tmp/himalaya),
# e.g. from a bare mirror: git --git-dir=MIRROR archive HEAD | tar -x -C /tmp/himalaya. Without it the
# himalaya rows are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
PY=${PY:-/usr/bin/python3}
HIMALAYA=${HIMALAYA:-/tmp/himalaya}
JAVA_OPTS=${SHAREDVIS_JAVA_OPTS:--Xmx8g}
OUT=build/bench/peers
mkdir -p "$OUT" benchmarks/results
mvn -q -B -o -DskipTests package >/dev/null
mvn -q -B -o test-compile >/dev/null
JAR=$(ls target/sharedvis-*-all.jar)
[ -d "$OUT/large" ] || $PY benchmarks/readout_data.py "$OUT/large" 2000 2048 1000 10
[ -d "$OUT/small" ] || $PY benchmarks/readout_data.py "$OUT/small" 300 1280 50 10
tools="sv_kfold sv_loo sk_loo"
if [ -f "$HIMALAYA/himalaya/__init__.py" ]; then tools="$tools hm_kernel hm_ridge"; else
  echo "no himalaya at $HIMALAYA: skipping its rows" >&2; fi
LOG="$OUT/runs.tsv"
: > "$LOG"
run() { # case tool rep
  local dir="$OUT/$1" cmd
  case $2 in
    sv_kfold) cmd=(java $JAVA_OPTS -cp "$JAR:target/test-classes" io.github.sharedvis.bench.ReadoutPeerRun "$dir" kfold) ;;
    sv_loo) cmd=(java $JAVA_OPTS -cp "$JAR:target/test-classes" io.github.sharedvis.bench.ReadoutPeerRun "$dir" loo) ;;
    sk_loo) cmd=($PY benchmarks/readout_peers.py "$dir" sklearn_loo) ;;
    hm_kernel) cmd=($PY benchmarks/readout_peers.py "$dir" himalaya_kernel) ;;
    hm_ridge) cmd=($PY benchmarks/readout_peers.py "$dir" himalaya_ridge) ;;
  esac
  local res
  res=$(PYTHONPATH="$HIMALAYA" /usr/bin/time -f "process_s=%e max_rss_kb=%M" "${cmd[@]}" 2>&1 | grep -E "^(fit_s|process_s)" | tr '\n' ' ')
  echo -e "$1\t$2\t$3\t$res" | tee -a "$LOG"
}
arr=($tools)
for rep in $(seq 1 "$REPS"); do
  for case in large small; do
    for k in $(seq 0 $((${#arr[@]} - 1))); do
      t=${arr[$(((k + rep) % ${#arr[@]}))]}
      # himalaya's RidgeCV warns it is the wrong solver for n < D; on the small case it adds nothing
      [ "$case" = small ] && [ "$t" = hm_ridge ] && continue
      # himalaya's RidgeCV is an order of magnitude slower than the rest: HM_RIDGE_REPS repetitions only
      [ "$t" = hm_ridge ] && [ "$rep" -gt "${HM_RIDGE_REPS:-1}" ] && continue
      run "$case" "$t" "$rep"
    done
  done
done
$PY benchmarks/readout_peers_table.py "$LOG" "$REPS" "$(nproc)" "$(cat /proc/loadavg)" | tee benchmarks/results/readout-peers.txt
