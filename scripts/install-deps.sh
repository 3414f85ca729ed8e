#!/usr/bin/env bash
# Installs the Debian 12 packages Sentinel needs to build, run and test.
# Runs apt only when something is missing; uses sudo when not root.
set -euo pipefail
# Each package is named explicitly: apt runs with --no-install-recommends, so nothing
# is pulled in by luck. Qt6Charts' CMake package needs Qt6OpenGL's (libqt6opengl6-dev).
# Alpaca's streams need Qt WebSockets; the tests' local Alpaca needs Qt HttpServer; the
# keys live in the system keychain through QtKeychain. A desk's shared record is
# PostgreSQL through Qt's QPSQL driver; the tests run the persistence suite against a
# throw-away cluster of Debian's postgresql (scripts/test-postgres.sh).
pkgs=(make cmake ninja-build g++ ccache
      qt6-base-dev qt6-charts-dev libqt6opengl6-dev libqt6sql6-sqlite
      qt6-websockets-dev qt6-httpserver-dev qtkeychain-qt6-dev
      qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools nlohmann-json3-dev
      libgl1-mesa-dev xvfb xauth fonts-dejavu-core
      libqt6sql6-psql postgresql)
# `make fuzz` also needs clang and its sanitizer and libFuzzer runtimes.
[ "${1:-}" = "--fuzz" ] && pkgs=(clang libclang-rt-14-dev)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
