#!/usr/bin/env bash
# Ship a judged v4 snapshot as the app's generator, only when its verdict says it ships.
#   bash training/recipes/ship_v4.sh runs/v4n 3
# Copies what judge_v4.sh made (runs/eval/<run>_eNNN.onnx and its card), with the evaluation and the stroke
# protocol's summary put into the card's metrics, and the snapshot's Keras weights, into resources/models/.
# v3's weights stay there as v3_parent.weights.h5: the first v4 recipe starts from them.
set -euo pipefail
run=${1:?run folder}; epoch=$(printf %03d "${2:?epoch}")
py=${PYTHON:-python}
judged=runs/eval/$(basename "$run")_e$epoch
grep -q '^ships' "$judged.verdict.txt" || { echo "$judged.verdict.txt does not say it ships: not shipped" >&2; exit 1; }
models=resources/models
$py - "$judged" "$models/s2c_generator.json" <<'PY'
import json, sys
judged, target = sys.argv[1:3]
card = json.load(open(f"{judged}.json", encoding="utf-8"))
card["metrics"] = json.load(open(f"{judged}.eval.json", encoding="utf-8"))
card["metrics"]["strokes"] = json.load(open(f"{judged}.strokes.json", encoding="utf-8"))["summary"]
card["metrics"]["verdict"] = open(f"{judged}.verdict.txt", encoding="utf-8").read().splitlines()
with open(target, "w", encoding="utf-8") as handle:
    json.dump(card, handle, indent=1, ensure_ascii=False)
    handle.write("\n")
PY
cp "$judged.onnx" "$models/s2c_generator.onnx"
cp "$run/snapshots/generator_epoch$epoch.weights.h5" "$models/s2c_generator.weights.h5"
$py -c 'import hashlib, json, sys; card = json.load(open(sys.argv[1])); data = open(sys.argv[2], "rb").read()
assert hashlib.sha256(data).hexdigest() == card["sha256"], "the card does not match the model"' \
    "$models/s2c_generator.json" "$models/s2c_generator.onnx"
echo "shipped $judged as $models/s2c_generator.onnx"
