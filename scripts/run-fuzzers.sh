#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer target for SECONDS, in parallel, each from its corpus
# (seeded from tests/fuzz/regressions and the recorded payloads), and prints
# executions per second and findings.   scripts/run-fuzzers.sh BUILD SECONDS
set -uo pipefail
build="${1:-build-fuzz}"
seconds="${2:-60}"
cd "$(dirname "$0")/.."
fixtures="../shared/reference/alpaca/fixtures"
pids=()
for t in csv riskcheck settings; do
  corpus="$build/corpus/$t"; crashes="$build/crashes/$t"
  mkdir -p "$corpus" "$crashes"
  cp -n tests/fuzz/regressions/$t/* "$corpus/" 2>/dev/null || true
  case $t in
    csv) printf 'date,open,high,low,close,volume\n2024-01-02,10,12,9,11,100\n' > "$corpus/seed.csv" ;;
    riskcheck) [ -d "$fixtures" ] && { printf '%s\0%s\0%s' "$(cat $fixtures/account.json)" "$(cat $fixtures/positions_list.json 2>/dev/null || echo '[]')" \
                 '[{"symbol":"KO","side":"buy","price":"62","confidence":0.5,"strategy":"x","atr":1}]' > "$corpus/seed.json"; } ;;
    settings) printf '{"starting_cash":100000,"risk":{"per_position_cap_pct":4},"exits":{"max_bars":40}}' > "$corpus/seed.json" ;;
  esac
  ( "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" > "$build/fuzz_$t.log" 2>&1; echo "exit $?" >> "$build/fuzz_$t.log" ) &
  pids+=($!)
done
wait "${pids[@]}"
status=0
for t in csv riskcheck settings; do
  log="$build/fuzz_$t.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
  secs=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$')
  found=$(ls "$build/crashes/$t" | wc -l)
  echo "fuzz_$t: ${runs:-?} executions, ${secs:-?} per second, $found finding(s) in $build/crashes/$t ($(tail -1 "$log"))"
  [ "$found" -eq 0 ] || status=1
done
exit $status
