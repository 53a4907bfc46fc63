#!/usr/bin/env bash
# Judge one averaged snapshot of a v4 run by the criterion fixed in docs/model_card.md ("Generator v4").
#   bash training/recipes/judge_v4.sh runs/v4 4        # epoch 4 → runs/eval/v4_e004.{onnx,json,strokes.json,...}
# Needs the shipped model's evaluation beside it (the baseline, same code):
#   python -m training evaluate --model resources/models/s2c_generator.onnx --data $DATA --gallery set \
#       --descriptor-cache runs/eval/descriptors.json --out runs/eval/v3.json
# Latency is measured with 1 thread, beside a reference ONNX (LATENCY_REF, LATENCY_REF_MS); on a shared machine run it when nothing else is busy, or name the busy
# process (a training run) in PAUSE_PID: it is stopped (SIGSTOP) for the latency bench only and continued after.
set -euo pipefail
run=${1:?run folder}; epoch=$(printf %03d "${2:?epoch}")
py=${PYTHON:-python}
faces=../shared/datasets/faces
data="$faces/cufs_ar $faces/cufs_cuhk $faces/cufs_xm2vts cache/cufsf_aligned"
out=runs/eval/$(basename "$run")_e$epoch
mkdir -p runs/eval
ref=${LATENCY_REF:-runs/eval/v4i_e002.onnx}; ref_ms=${LATENCY_REF_MS:-34.18}
[[ -f $ref ]] || { echo "latency reference $ref is missing: the latency item cannot be read" >&2; exit 1; }
$py -m training export "$run" --checkpoint "$run/snapshots/generator_epoch$epoch.weights.h5" --out "$out.onnx"
$py -m training strokes --model "$out.onnx" --data $data --out "$out.strokes.json"
$py -m training evaluate --model "$out.onnx" --data $data --gallery set \
    --descriptor-cache runs/eval/descriptors.json --out "$out.eval.json" > "$out.eval.txt"
if [[ -n ${PAUSE_PID:-} ]] && ! kill -0 "$PAUSE_PID" 2>/dev/null; then
    echo "PAUSE_PID $PAUSE_PID is not running: the latency bench runs beside whatever else is busy" >&2
    PAUSE_PID=
fi
if [[ -n ${PAUSE_PID:-} ]]; then
    trap 'kill -CONT "$PAUSE_PID" 2>/dev/null || true' EXIT
    kill -STOP "$PAUSE_PID"
fi
# Latency beside a fixed reference (model card, item 7 as amended 2026-12-07 06:34 UTC): the candidate and the
# reference alternately, three rounds each; the figure is the candidate's median × REF_MS / the reference's median.
bench() { $py bench/bench_engine.py --model "$1" --threads 1 --repeats 40 --no-keras; }
strokes_p50() { grep "artist strokes" "$1" | awk '{print $(NF-1)}'; }
candidate=(); reference=()
for round in 1 2 3; do
    bench "$out.onnx" > "$out.bench.$round.txt"; candidate+=("$(strokes_p50 "$out.bench.$round.txt")")
    bench "$ref" > "$out.bench_ref.$round.txt"; reference+=("$(strokes_p50 "$out.bench_ref.$round.txt")")
done
if [[ -n ${PAUSE_PID:-} ]]; then kill -CONT "$PAUSE_PID"; fi
cp "$out.bench.1.txt" "$out.bench.txt"
p50=$($py -c 'import statistics as s, sys; c, r, ms = sys.argv[1:4]
c = s.median(map(float, c.split())); r = s.median(map(float, r.split()))
print(f"{c * float(ms) / r:.2f}")' "${candidate[*]}" "${reference[*]}" "$ref_ms")
printf 'latency beside %s: candidate %s ms, reference %s ms (its judged figure %s ms) -> %s ms\n' \
    "$ref" "${candidate[*]}" "${reference[*]}" "$ref_ms" "$p50" | tee -a "$out.bench.txt"
$py -m training judge "$out.eval.json" --baseline runs/eval/v3.json --card "$out.json" \
    --strokes "$out.strokes.json" --latency-ms "$p50" | tee "$out.verdict.txt"
