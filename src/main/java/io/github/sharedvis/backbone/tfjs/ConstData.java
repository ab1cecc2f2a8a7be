package io.github.sharedvis.backbone.tfjs;

/**
 * One decoded constant of a graph model's weight manifest, row-major in TensorFlow's shape (a
 * convolution filter is {@code [kh, kw, in, out]}). Exactly one of {@code floats} and {@code ints} is
 * set; quantised weights are already decoded.
 *
 * @param dtype {@code float32}, {@code int32} or {@code bool}
 * @param shape the TF shape
 * @param floats the values of a {@code float32} constant, else null
 * @param ints the values of an {@code int32} or {@code bool} (0/1) constant, else null
 */
record ConstData(String dtype, long[] shape, float[] floats, int[] ints) {}
