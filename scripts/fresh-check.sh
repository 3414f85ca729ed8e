#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves the README's two commands on a bare Debian 12: builds a minbase root with
# debootstrap, copies a clean clone of HEAD (with ../shared beside it) into it, runs
# `make test` in a chroot, then `make run` for 20 s under Xvfb and checks that the main
# window came up. Prints the time of every step and always cleans up, mounts included.
#
#   scripts/fresh-check.sh [--keep] [--run-seconds N]
#
# Needs root (debootstrap, chroot, mounts). Not part of `make test`: run it before
# resolving any change to a dependency, a find_package, the Makefile or install-deps.sh.
set -euo pipefail

keep=0
run_seconds=20
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --run-seconds) run_seconds="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "fresh-check: unknown argument '$1'" >&2; exit 2 ;;
  esac
  shift
done

[ "$(id -u)" -eq 0 ] || { echo "fresh-check: needs root (debootstrap, chroot and mounts)" >&2; exit 2; }
repo=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
shared="$repo/../shared"
[ -d "$shared" ] || { echo "fresh-check: $shared not found; the tests read ../shared" >&2; exit 2; }

# The mirror this machine is already configured with (deb822 or one-line sources).
mirror=""
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  mirror=$(awk '/^URIs:/ {print $2; exit}' "$f")
  [ -n "$mirror" ] && break
done
if [ -z "$mirror" ] && [ -f /etc/apt/sources.list ]; then
  mirror=$(awk '$1 == "deb" && $0 !~ /security/ {for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) {print $i; exit}}' /etc/apt/sources.list)
fi
[ -n "$mirror" ] || { echo "fresh-check: no Debian mirror found in the apt sources" >&2; exit 2; }

if ! command -v debootstrap >/dev/null; then
  echo "== installing debootstrap on the host"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

root=$(mktemp -d /var/tmp/sentinel-fresh.XXXXXX)
# mktemp makes it 0700; as the chroot's "/" it must be 0755 like any root directory, or
# no user but root can reach anything (the tests' PostgreSQL cluster runs as 'postgres').
chmod 755 "$root"
log="$root.log"
declare -a times=()
status=1

cleanup() {
  set +e
  # End every process whose root is the chroot, then undo the mounts, innermost first.
  for p in /proc/[0-9]*; do
    [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null
  done
  sleep 1
  for m in $(awk -v r="$root" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r); do
    umount "$m" 2>/dev/null || umount -l "$m"
  done
  if [ "$keep" -eq 1 ]; then
    echo "kept: $root (log $log)"
  else
    rm -rf --one-file-system "$root"
  fi
  echo
  echo "== fresh-check summary"
  for t in "${times[@]}"; do echo "  $t"; done
  [ "$status" -eq 0 ] && echo "  result: PASS" || echo "  result: FAIL (full log: $log)"
}
trap cleanup EXIT

step_start=0
begin() { echo "== $1"; step_start=$(date +%s); }
finish() { times+=("$(printf '%-28s %5d s' "$1" $(( $(date +%s) - step_start )))"); }
in_root() { chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 TERM=dumb "$@"; }

total_start=$(date +%s)
begin "debootstrap --variant=minbase bookworm"
debootstrap --variant=minbase bookworm "$root" "$mirror" >>"$log" 2>&1 \
  || { echo "debootstrap failed; see $log"; tail -20 "$log"; exit 1; }
finish "debootstrap"

# The same apt sources as this machine (updates and security included), DNS, mounts.
rm -f "$root/etc/apt/sources.list"
cp -a /etc/apt/sources.list.d/*.sources "$root/etc/apt/sources.list.d/" 2>/dev/null || true
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmpfs "$root/dev/shm"
mount -t tmpfs tmpfs "$root/tmp"

# What the README asks a user to have before the two commands: git (to clone) and make.
begin "apt-get install git make"
in_root apt-get update -qq >>"$log" 2>&1
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git make ca-certificates >>"$log" 2>&1
finish "git and make"

echo "== cloning HEAD ($(git -C "$repo" rev-parse --short HEAD)) with ../shared beside it"
mkdir -p "$root/work"
git clone -q --no-local "$repo" "$root/work/main"
cp -a "$shared" "$root/work/shared"

# `make test`, timed by phase: installing packages, configure + build, the tests.
begin "make test"
phase_start=$(date +%s)
phase="install packages"
set +e
in_root bash -c 'cd /work/main && make test 2>&1' | while IFS= read -r line; do
  printf '%s\n' "$line" >>"$log"
  now=$(date +%s)
  case "$line" in
    "Installing: "*) echo "   $line" | cut -c1-160 ;;
    "["*"/"*"] "*)
      if [ "$phase" = "install packages" ]; then
        echo "   phase: $phase $(( now - phase_start )) s"; phase="build"; phase_start=$now
      fi ;;
    "Test project "*)
      echo "   phase: $phase $(( now - phase_start )) s"; phase="tests"; phase_start=$now ;;
    *"tests passed"*|*"tests failed"*|"Total Test time"*) echo "   $line"; echo "   phase: $phase $(( now - phase_start )) s" ;;
    *"***Failed"*|*"Error "*|*"error:"*) echo "   $line" | cut -c1-200 ;;
  esac
done
rc=${PIPESTATUS[0]}
set -e
finish "make test (whole)"
if [ "$rc" -ne 0 ]; then echo "make test failed with exit code $rc; see $log"; tail -30 "$log"; exit 1; fi

# `make run` for a while on a screen of its own; then a screenshot and a look for the window.
begin "tools for the window check"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends x11-utils imagemagick >>"$log" 2>&1
finish "window-check tools"
begin "make run for ${run_seconds} s"
in_root bash -c 'Xvfb :71 -screen 0 1600x1000x24 -nolisten tcp >/tmp/xvfb.log 2>&1 &
  for i in $(seq 50); do [ -e /tmp/.X11-unix/X71 ] && break; sleep 0.2; done
  cd /work/main && DISPLAY=:71 HOME=/root make run >/tmp/run.log 2>&1 &
  sleep '"$run_seconds"'
  DISPLAY=:71 xwininfo -root -tree >/tmp/windows.txt 2>&1
  DISPLAY=:71 import -window root /tmp/fresh-run.png >/dev/null 2>&1
  true'
finish "make run"
cp "$root/tmp/run.log" "$root.run.log" 2>/dev/null || true
shot="${root}.png"
cp "$root/tmp/fresh-run.png" "$shot" 2>/dev/null || true
if ! grep -q '"Sentinel' "$root/tmp/windows.txt"; then
  echo "no Sentinel window on the screen after ${run_seconds} s; make run printed:"; tail -20 "$root/tmp/run.log"; exit 1
fi
alive=0
for p in $(pgrep -f 'app/sentinel --demo'); do
  [ "$(readlink "/proc/$p/root" 2>/dev/null)" = "$root" ] && alive=1
done
[ "$alive" -eq 1 ] || { echo "Sentinel is no longer running after ${run_seconds} s"; tail -20 "$root/tmp/run.log"; exit 1; }
colors=$(in_root convert /tmp/fresh-run.png -format '%k' info: 2>/dev/null || echo 0)
echo "   window: $(grep -o '"Sentinel[^"]*"' "$root/tmp/windows.txt" | head -1); screenshot $shot ($colors colours)"
[ "${colors:-0}" -gt 16 ] || { echo "the screenshot is blank"; exit 1; }
times+=("$(printf '%-28s %5d s' "all steps" $(( $(date +%s) - total_start )))")
status=0
