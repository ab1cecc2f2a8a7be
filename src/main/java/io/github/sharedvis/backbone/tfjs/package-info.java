/**
 * A differentiable importer of TensorFlow.js graph models (model.json and weight shards) onto the
 * PyTorch engine, so the offline MoveNet and CenterNet networks serve as backbones with exact input
 * gradients; plus the weight randomisation the sanity checks use.
 *
 * <p>May depend on: {@code backbone}, {@code util}.
 */
package io.github.sharedvis.backbone.tfjs;
