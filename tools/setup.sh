#!/usr/bin/env bash
# Installs kds-sim's build dependencies from Debian bookworm's packages and builds it into build/.
# With --tests, also installs what only the tests need and builds the three hardening builds that
# tools/test runs: build-asan/ (everything under ASan + UBSan), build-tsan/ (kds-sim and the
# two-thread tests under TSan) and build-fuzz/ (the scenario loader's libFuzzer harness).
# Run as root on a fresh machine (uses apt-get); safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

tests=false
case "${1:-}" in
  "") ;;
  --tests) tests=true ;;
  *) echo "usage: tools/setup.sh [--tests]" >&2; exit 2 ;;
esac

packages=(build-essential cmake pkg-config libsimgrid-dev libeigen3-dev nlohmann-json3-dev
          libcli11-dev libboost-test-dev libssl-dev time bsdutils)
# chromium: the tests render report.html and compare.html headless. clang-14 with its sanitizer
# runtimes (libclang-rt-14-dev) and libFuzzer (libfuzzer-14-dev): the hardening builds. `script`
# (the progress bar test's pseudo-terminal) is in bsdutils, which every Debian system has.
# slurm-wlm and munge: the sweep test submits a job array to a real single-node Slurm.
if $tests; then
  packages+=(chromium clang-14 libclang-rt-14-dev libfuzzer-14-dev slurm-wlm munge)
fi
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

jobs="$(nproc)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build -j "$jobs"
$tests || exit 0

# -O1 and line tables only: the sanitized builds are built once per CI run and run briefly, so
# compile time matters more than speed; file:line is what a report needs. No NDEBUG: the models'
# asserts are checked too.
hardening=(-DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo
           "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only")
cmake -S . -B build-asan "${hardening[@]}" -DKDS_SANITIZE=address,undefined > /dev/null
cmake --build build-asan -j "$jobs"
cmake -S . -B build-tsan "${hardening[@]}" -DKDS_SANITIZE=thread > /dev/null
cmake --build build-tsan -j "$jobs"
cmake -S . -B build-fuzz "${hardening[@]}" -DKDS_FUZZ=ON > /dev/null
cmake --build build-fuzz -j "$jobs"
