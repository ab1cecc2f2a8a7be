#!/usr/bin/env bash
# The stimulus digest of an up-to-date re-run at lab scale (issue 13, item 3): N generated images,
# every file read (what each re-run did before the digest memo) against the memo of .state/file-digests.tsv
# (a stat per image), interleaved, median of per-repetition ratios; through StimulusSet.digest and
# util.FileDigests. Same JVM and a warm page cache, so reading is at its cheapest here.
#   bash benchmarks/digests.sh [images=20000] [bytes=100000] [reps=5]
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=build/bench/digests
mkdir -p "$OUT"
CP=$(bash benchmarks/classpath.sh)
java -Xmx2g -cp "$CP" io.github.sharedvis.bench.DigestMemoBench "${1:-20000}" "${2:-100000}" "${3:-5}" "$OUT" \
  | tee "$OUT/result.txt"
