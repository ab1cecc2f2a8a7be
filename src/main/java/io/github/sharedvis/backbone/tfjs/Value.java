package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;

/**
 * A value flowing through a graph evaluation.
 *
 * @param array the data; a 4-D value is logically NHWC, {@code [N, H, W, C]}, as in TensorFlow
 * @param channelsFirst true when {@code array} is a 4-D NHWC value stored as NCHW, {@code [N, C, H, W]}
 * @param owned false for constants and the caller's input, which an evaluation never closes
 */
record Value(NDArray array, boolean channelsFirst, boolean owned) {}
