#!/usr/bin/env bash
# Runs every benchmark script in this folder (make bench). Each writes its report under build/bench/.
set -euo pipefail
cd "$(dirname "$0")"
for script in *.sh; do
  case "$script" in run-all.sh|peers.sh|rerun-ab.sh) continue ;; esac  # peers.sh re-runs the others; rerun-ab.sh needs another build
  echo "== benchmarks/$script"
  bash "$script"
done
