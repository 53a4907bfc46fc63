#!/usr/bin/env bash
# Judge a v4 run's snapshots in order, each once (the criterion's rule: the first that passes every item ships).
#   bash training/recipes/judge_v4_all.sh runs/v4 [FIRST_EPOCH]     # waits for snapshots still to come
# Epochs already judged (runs/eval/<run>_eNNN.verdict.txt) are skipped; it stops at the first that ships, or
# when the file runs/stop_judging appears. Each epoch: training/recipes/judge_v4.sh (under `flock $JUDGE_LOCK`
# when JUDGE_LOCK names a lock file shared with other heavy work, e.g. test runs).
set -uo pipefail
run=${1:?run folder}; first=${2:-4}
# A loop started beside a new run may come before the run has written its configuration: wait for it.
until [ -f "$run/config.json" ]; do
  [ -f runs/stop_judging ] && exit 0
  sleep 10
done
planned=$(${PYTHON:-python} -c "import json,sys; print(json.load(open(sys.argv[1]))['epochs'])" "$run/config.json")
for epoch in $(seq "$first" "$planned"); do
  tag=$(printf %03d "$epoch"); verdict=runs/eval/$(basename "$run")_e$tag.verdict.txt
  [ -f "$verdict" ] && { grep -q '^ships' "$verdict" && exit 0; continue; }
  until [ -f "$run/snapshots/generator_epoch$tag.weights.h5" ]; do
    [ -f runs/stop_judging ] && exit 0
    sleep 30
  done
  ${JUDGE_LOCK:+flock "$JUDGE_LOCK"} bash "$(dirname "$0")/judge_v4.sh" "$run" "$epoch"
  grep -q '^ships' "$verdict" && exit 0
done
