/**
 * Pretrained networks as differentiable feature functions: a {@link io.github.sharedvis.backbone.Backbone}
 * maps preprocessed images {@code [N, 3, H, W]} to features {@code [N, D]} with gradients reaching the
 * pixels ({@code docs/method.md}, section 1). Also the pieces every backbone shares: image
 * decoding and {@link io.github.sharedvis.backbone.Preprocessing}, pooling, gradient scopes,
 * fingerprints, the cached batch {@link io.github.sharedvis.backbone.FeatureExtractor}, the
 * TorchScript and DJL model-zoo backbones, and the provider registry
 * {@link io.github.sharedvis.backbone.Backbones}.
 *
 * <p>May depend on: {@code data} (the wording of path problems, {@code PathProblems}, in
 * {@link io.github.sharedvis.backbone.ImageDecoder}), {@code util}; besides DJL (its API and the
 * PyTorch engine) and the JDK's image I/O. In particular not on its TF.js subpackage, which builds on
 * this one: providers that live elsewhere are found at run time through {@link java.util.ServiceLoader}
 * (see {@link io.github.sharedvis.backbone.Backbones}).
 */
package io.github.sharedvis.backbone;
