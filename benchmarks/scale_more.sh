#!/usr/bin/env bash
# More of benchmarks/scale.sh's fit and explain steps, after it ran with BASE_JAR (issue 13 item 5):
#   BASE_JAR=... bash benchmarks/scale_more.sh [images=20000] [reps=1] [small_heap=512m]
# (1) REPS more repetitions of the fit and the explain step per jar at the launcher's options (-Xmx8g),
#     jars interleaved with the order alternating, each from a fresh copy of its extracted run folder
#     (features, cache, extract stamp) so that nothing is skipped; (2) the fit and the explain step of
#     each jar at -Xmx$SMALL_HEAP (does it finish?). Appends to build/bench/scale/more-N.tsv; the
#     per-repetition new/base ratios and their median: benchmarks/results/scale-N-more.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-20000}
REPS=${2:-1}
SMALL=${3:-512m}
B=build/bench/scale
DATA=$B/data-$N
JAR=$(ls "$PWD"/target/sharedvis-*-all.jar)
declare -A jar=([new]=$JAR [base]=$(realpath "$BASE_JAR"))
LOG=$B/more-$N.tsv
: > "$LOG"
gc_peak() { grep -oE '[0-9]+M->[0-9]+M' "$1" | sed -E 's/.*->([0-9]+)M/\1/' | sort -n | tail -1; }
fresh() { # tag dir: the extracted state of scale.sh's run folder of that jar
  rm -rf "$2" && mkdir -p "$2/.state"
  cp -a "$B/out-$N-$1/features" "$B/out-$N-$1/cache" "$2/" && cp "$B/out-$N-$1/.state/extract.stamp" "$2/.state/"
}
run() { # tag step dir xmx label
  local gc=$PWD/$B/gc-$N-more-$1-$2-$5.log res
  res=$( (cd "$DATA" && /usr/bin/time -f "wall_s=%e max_rss_kb=%M" java -Xmx$4 -Xlog:gc:file="$gc" -Dai.djl.offline=true \
    -jar "${jar[$1]}" "$2" run.toml --out "$3" --quiet) 2>&1 | grep -E '^wall_s|OutOfMemory|rror' | tr '\n' ' ' || true)
  echo -e "$5\t$2\t$1\txmx=$4 $res live_heap_mb=$(gc_peak "$gc")\tload=$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$LOG"
}
k=0
for rep in $(seq 1 "$REPS"); do
  for t in new base; do fresh "$t" "$PWD/$B/more-$N-$t"; done
  for step in fit explain; do
    for i in 0 1; do
      tags=(new base); t=${tags[$(((i + k) % 2))]}
      run "$t" "$step" "$PWD/$B/more-$N-$t" 8g "rep$rep"
    done
    k=$((k + 1))
  done
done
for t in new base; do fresh "$t" "$PWD/$B/small-$N-$t"; done
for step in fit explain; do
  for t in new base; do
    d=$PWD/$B/small-$N-$t
    if [ "$step" = explain ] && [ ! -f "$d/summary.csv" ]; then # its fit failed: explain from the full-heap fit
      cp -a "$B/out-$N-$t/model" "$B/out-$N-$t/summary.csv" "$d/" && cp "$B/out-$N-$t/.state/fit.stamp" "$d/.state/"
    fi
    run "$t" "$step" "$d" "$SMALL" small
  done
done
/usr/bin/python3 - "$B" "$N" <<'PY' | tee "benchmarks/results/scale-$N-more.txt"
import statistics, sys
b, n = sys.argv[1], sys.argv[2]
first = {}
for l in open("%s/steps-%s.tsv" % (b, n)):
    f = l.rstrip("\n").split("\t")
    if f[0] in ("fit", "explain"):
        first[(f[0], f[1])] = dict(x.split("=", 1) for x in f[2].split() if "=" in x)
rows = [l.rstrip("\n").split("\t") for l in open("%s/more-%s.tsv" % (b, n)) if l.strip()]
kv = lambda s: dict(x.split("=", 1) for x in s.split() if "=" in x)
print("scale_more: fit and explain, new vs base jar; rep0 = scale.sh's run (steps-%s.tsv)" % n)
for step in ("fit", "explain"):
    reps = {"rep0": first} if (step, "new") in first else {}
    ratios = {"wall_s": [], "max_rss_kb": [], "live_heap_mb": []}
    per = {}
    for r in rows:
        if r[0].startswith("rep") and r[1] == step:
            per.setdefault(r[0], {})[r[2]] = kv(r[3])
    if (step, "new") in first and (step, "base") in first:
        per["rep0"] = {"new": first[(step, "new")], "base": first[(step, "base")]}
    for rep in sorted(per):
        nw, bs = per[rep].get("new"), per[rep].get("base")
        if not nw or not bs:
            continue
        line = []
        for k in ratios:
            if nw.get(k) and bs.get(k):
                ratios[k].append(float(nw[k]) / float(bs[k]))
                line.append("%s %s/%s = %.2f" % (k, nw[k], bs[k], ratios[k][-1]))
        print("  %-8s %s  %s" % (step, rep, "; ".join(line)))
    print("  %-8s median new/base over %d repetitions: %s" % (step, len(ratios["wall_s"]), ", ".join(
        "%s %.2f" % (k, statistics.median(v)) for k, v in ratios.items() if v)))
for r in rows:
    if r[0] == "small":
        print("  small heap  %s %s %s" % (r[1], r[2], r[3]))
PY
