#!/usr/bin/env bash
# Runs `sharedvis demo` with the code of REV (default: the commit before issue 12's refactor) and
# with the working tree, into the same path, and compares the outputs (scripts/compare-runs.py).
# Usage: bash scripts/compare-demo.sh [REV]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rev="${1:-b6ffae2}"
work="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$work/before-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$here" worktree add --detach "$work/before-src" "$rev" >/dev/null
run() { # $1: source tree, $2: where to keep the output
  (cd "$1" && mvn -B -q --no-transfer-progress -DskipTests package) >&2
  rm -rf "$work/demo-out"
  java -Xmx8g -Dai.djl.offline=true -jar "$1"/target/sharedvis-*-all.jar demo --quiet --out "$work/demo-out" >&2
  mv "$work/demo-out" "$2"
}
run "$work/before-src" "$work/before"
run "$here" "$work/after"
# issue 12 added [display] overlay_alpha: the only difference it may make is the key itself
/usr/bin/python3 "$here/scripts/compare-runs.py" --new-config-key display.overlay_alpha "$work/before" "$work/after"
