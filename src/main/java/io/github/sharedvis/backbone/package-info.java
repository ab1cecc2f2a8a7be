/**
 * Pretrained networks as differentiable feature functions ({@code docs/method.md}, section 1): the
 * {@link io.github.sharedvis.backbone.Backbone} interface (features {@code [N, D]} of a batch
 * {@code [N, 3, H, W]} and the vector-Jacobian products the maps need), TorchScript and DJL-zoo
 * backbones on the PyTorch engine, providers found by {@link java.util.ServiceLoader}, image
 * decoding and preprocessing, and the feature extractor with its content-addressed cache.
 *
 * <p>May depend on: {@code data} (NumPy files), {@code util}.
 */
package io.github.sharedvis.backbone;
