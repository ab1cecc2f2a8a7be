#!/usr/bin/env bash
# Runs every benchmark script in this folder (make bench). Each writes its report under build/bench/.
set -euo pipefail
cd "$(dirname "$0")"
for script in *.sh; do
  [ "$script" = run-all.sh ] && continue
  echo "== benchmarks/$script"
  bash "$script"
done
