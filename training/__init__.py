"""Training package: pix2pix in TensorFlow, export to ONNX with tf2onnx. Never imported by the app."""
