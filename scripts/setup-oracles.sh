#!/usr/bin/env bash
# Installs the offline test oracles from Debian's registry when they are missing:
# python3-torch, python3-torchvision (fixtures), python3-sklearn (ridge oracle), python3-h5py (HDF5,
# NWB and MAT v7.3 fixtures), chromium (the HTML report's browser test drives Debian's /usr/bin/chromium
# through Playwright; no browser is downloaded). Idempotent; needs root (or sudo) only when something is
# missing.
set -euo pipefail
PY=${PY:-/usr/bin/python3}
need=()
$PY -c "import torch" 2>/dev/null || need+=(python3-torch)
$PY -c "import torchvision" 2>/dev/null || need+=(python3-torchvision)
$PY -c "import sklearn" 2>/dev/null || need+=(python3-sklearn)
$PY -c "import h5py" 2>/dev/null || need+=(python3-h5py)
$PY -c "import numpy" 2>/dev/null || need+=(python3-numpy)
[ -x /usr/bin/chromium ] || need+=(chromium)
$PY -c "import scipy" 2>/dev/null || need+=(python3-scipy)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${need[*]} from Debian (test oracles only)"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root to apt-get install ${need[*]}"; exit 1; }
  SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${need[@]}" >/dev/null
