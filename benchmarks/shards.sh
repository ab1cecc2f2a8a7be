#!/usr/bin/env bash
# Sharded runs (issue 15): wall time of the demo's run as one process (sharedvis run), as a local plan
# with 1 shard (2 threads) and with 2 shards (1 thread each) on this machine, interleaved, each into a
# fresh folder (extraction included: the feature cache lives in the run folder); then the shard
# overhead: the merge stage, and the fixed cost a shard pays before any work (an explain shard on a
# finished run: JVM, engine, model, stamps).
#   bash benchmarks/shards.sh [reps=3]
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${1:-3}
B=build/bench/shards
mkdir -p "$B"
SV=bin/sharedvis
[ -f "$B/demo/demo.toml" ] || $SV demo --out "$B/demo" >/dev/null 2>&1
CFG="$(cd "$B/demo" && pwd)/demo.toml"
now() { date +%s.%N; }
since() { awk "BEGIN { printf \"%.2f\", $(now) - $1 }"; }
RES="$B/times.tsv"
: > "$RES"
for ((r = 1; r <= REPS; r++)); do
  order=("run" "1" "2")
  (( r % 2 == 0 )) && order=("2" "1" "run")
  for v in "${order[@]}"; do
    out="$B/out-$v"
    rm -rf "$out"
    t0=$(now)
    if [ "$v" = run ]; then
      $SV run "$CFG" --out "$out" --quiet >/dev/null 2>&1
      echo -e "$r\trun\ttotal\t$(since "$t0")" >> "$RES"
    else
      $SV plan "$CFG" --out "$out" --shards "$v" --scheduler local --cpus-per-task $((2 / v)) >/dev/null 2>&1
      bash "$out/.plan/local.sh" > "$B/plan-$v.log"
      echo -e "$r\t$v\ttotal\t$(since "$t0")" >> "$RES"
      sed -n 's/^sharedvis plan: \([a-z]*\) x[0-9]* done in \([0-9.]*\) s$/\1\t\2/p' "$B/plan-$v.log" \
        | while IFS=$'\t' read -r stage s; do echo -e "$r\t$v\t$stage\t$s" >> "$RES"; done
    fi
  done
done
# fixed cost per shard: an explain shard with nothing left to do, and `--version` for the JVM alone
for ((r = 1; r <= REPS; r++)); do
  t0=$(now); $SV explain "$CFG" --out "$B/out-2" --shard 1/2 --quiet >/dev/null 2>&1; echo -e "$r\tidle-shard\ttotal\t$(since "$t0")" >> "$RES"
  t0=$(now); $SV --version >/dev/null; echo -e "$r\tversion\ttotal\t$(since "$t0")" >> "$RES"
done
/usr/bin/python3 - "$RES" "$(nproc)" "$B/out-run/run.json" <<'PY'
import sys, statistics as st, collections, json
run = json.load(open(sys.argv[3]))
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
t = collections.defaultdict(dict)
for r, v, stage, s in rows:
    t[(v, stage)][int(r)] = float(s)
def med(v, stage="total"):
    return st.median(t[(v, stage)].values())
def ratio(a, b):
    reps = sorted(set(t[(a, "total")]) & set(t[(b, "total")]))
    return st.median(t[(a, "total")][r] / t[(b, "total")][r] for r in reps), len(reps)
print("the demo's run (%s, %d stimuli, %d neurons), %s cores, medians of %d interleaved reps"
      % (run["backbone"]["name"], run["n_stimuli"], len(run["neurons"]), sys.argv[2], len(t[("run", "total")])))
print("| variant | wall (s) | extract | fit | explain | merge |")
print("| --- | ---: | ---: | ---: | ---: | ---: |")
print("| sharedvis run (one process) | %.1f | | | | |" % med("run"))
for v in ("1", "2"):
    print("| local plan, %s shard(s) x %d thread(s) | %.1f | %s |" % (v, 2 // int(v), med(v),
          " | ".join("%.1f" % med(v, s) for s in ("extract", "fit", "explain", "merge"))))
r21, n = ratio("2", "1")
r1r, _ = ratio("1", "run")
r2r, _ = ratio("2", "run")
print()
print("scaling: 2 shards / 1 shard = %.2f (median of %d per-rep ratios); 1-shard plan / one process = %.2f; "
      "2 shards / one process = %.2f" % (r21, n, r1r, r2r))
print("shard overhead: merge stage %.1f s; an explain shard with nothing to do %.2f s (sharedvis --version %.2f s)"
      % (med("2", "merge"), med("idle-shard"), med("version")))
PY
