"""Colorization engine: ONNX generator via onnxruntime, sketch fitting, provenance. Qt-free,
TensorFlow-free."""
