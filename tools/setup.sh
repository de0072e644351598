#!/usr/bin/env bash
# Installs kds-sim's build dependencies from Debian bookworm's packages and builds it into build/.
# Run as root on a fresh machine (uses apt-get); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# chromium: the tests render report.html and compare.html in headless Chromium. `script` (the
# progress bar test's pseudo-terminal) is in bsdutils, which every Debian system has.
packages=(build-essential cmake pkg-config libsimgrid-dev libeigen3-dev nlohmann-json3-dev
          libcli11-dev libboost-test-dev libssl-dev time chromium bsdutils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j "$(nproc)"
