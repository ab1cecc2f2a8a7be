package io.github.sharedvis.backbone;

/** How a convolutional layer's output {@code [N, C, H, W]} becomes a feature vector. */
public enum Pooling {
    /** Flatten every unit: {@code D = C * H * W} (keeps where a feature is). */
    NONE,
    /** Average each channel over space: {@code D = C} (position-invariant features). */
    AVERAGE
}
