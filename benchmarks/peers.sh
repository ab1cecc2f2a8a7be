#!/usr/bin/env bash
# The summary table at the top of benchmarks/peers.md (issue 13, item 6): sharedvis against the peer
# or the floor of each piece of work a lab's run spends its time on. Runs each side-by-side benchmark
# (each interleaves its own repetitions and writes benchmarks/results/NAME.txt), then rewrites the
# table between the markers in peers.md from those files (benchmarks/peers_table.py).
#   bash benchmarks/peers.sh            # every benchmark (over an hour on 2 cores), then the table
#   bash benchmarks/peers.sh --table    # only the table, from the result files already there
# himalaya is not packaged: readout-peers.sh runs it from a checkout in /tmp/himalaya (see peers.md).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != --table ]; then
  bash benchmarks/readout-peers.sh 3
  bash benchmarks/importer.sh 2,8 15
  bash benchmarks/explain.sh 5 8
  [ -f benchmarks/extract.sh ] && bash benchmarks/extract.sh
  bash benchmarks/rerun.sh 5
  [ -f benchmarks/report-encoder.sh ] && bash benchmarks/report-encoder.sh
fi
/usr/bin/python3 benchmarks/peers_table.py benchmarks/results benchmarks/peers.md
