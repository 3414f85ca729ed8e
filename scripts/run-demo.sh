#!/usr/bin/env bash
# Starts the workstation in demo mode; falls back to Xvfb when no display is present.
set -euo pipefail
build="${1:-build}"
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ "${QT_QPA_PLATFORM:-}" != "offscreen" ]; then
  echo "No display found: starting Sentinel under Xvfb (screen :99)."
  exec xvfb-run -n 99 -s "-screen 0 1600x1000x24" "$build/app/sentinel" --demo
fi
exec "$build/app/sentinel" --demo
