package io.github.sharedvis.backbone;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable map from a preprocessed image batch to latent features: the f of the method.
 *
 * <p>Implementations must keep the autograd graph from the input to the output, so that a
 * vector-Jacobian product {@code J(x)^T v} can be taken by one backward pass. A {@link Backbone} is
 * one; tests also use small closed-form functions.
 */
@FunctionalInterface
public interface FeatureFunction {

    /**
     * Computes features.
     *
     * @param batch preprocessed images {@code [N, 3, H, W]}, float32, on the backbone's device
     * @return features {@code [N, D]}, attached to the input's manager, differentiable w.r.t. the input
     */
    NDArray features(NDArray batch);
}
