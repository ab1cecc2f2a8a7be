package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;

/**
 * The raw result of {@link SharedSaliency#attribute}: per-pixel attributions of both images of every
 * pair, before any channel reduction, smoothing or normalisation, plus what produced them.
 *
 * <p>All arrays live in the manager of the {@code a} batch passed to {@code attribute}; closing this
 * record releases them.
 *
 * @param a attributions of the first images {@code [N, C, H, W]}, shaped like the input {@code a}
 * @param b attributions of the second images {@code [N, C, H, W]}, shaped like the input {@code b}
 * @param v the shared output weighting {@code [N, D]} used for both images of each pair
 * @param featuresA {@code f(a)} {@code [N, D]} (clean images, detached)
 * @param featuresB {@code f(b)} {@code [N, D]} (clean images, detached)
 */
public record PairAttribution(NDArray a, NDArray b, NDArray v, NDArray featuresA, NDArray featuresB)
        implements AutoCloseable {

    /** Releases the five arrays. */
    @Override
    public void close() {
        a.close();
        b.close();
        v.close();
        featuresA.close();
        featuresB.close();
    }
}
