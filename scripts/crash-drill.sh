#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The long crash drill: the ctest drill with more sessions (and so more kills).
#   scripts/crash-drill.sh [SESSIONS]     (default 1200; the ctest run uses 300)
# Needs a build (make build). Prints the kills per instant and any violation.
set -euo pipefail
cd "$(dirname "$0")/.."
sessions="${1:-1200}"
SENTINEL_DRILL_SESSIONS="$sessions" QT_QPA_PLATFORM=offscreen LC_ALL=C \
  build/tests/tst_crashdrill killedAnywhereLosesAndDuplicatesNothing 2>&1 | grep -E 'crash drill|PASS|FAIL|Loc|reference:|drill:|after kill'
