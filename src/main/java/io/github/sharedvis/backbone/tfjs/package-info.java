/**
 * The TensorFlow.js graph-model importer: {@code model.json} and its weight shards evaluated with DJL
 * NDArray operations, so that gradients reach the input pixels from any node, and the bundled
 * pretrained models (MoveNet, CenterNet) as backbones.
 *
 * <p>Structure, one home per stage: {@code GraphModelReader} parses the
 * files into a {@code ParsedGraph}; {@code GraphPlan} orders the graph, picks where float pixels
 * enter, and schedules what an evaluation computes and frees; {@code GraphExecutor} runs a schedule
 * with the operations declared once each in {@code OpRegistry} (implementations by family in
 * {@code MathOps}, {@code SpatialOps}, {@code ShapeOps}, {@code GatherOps});
 * {@link io.github.sharedvis.backbone.tfjs.TfjsGraphModel} ties them together and
 * {@link io.github.sharedvis.backbone.tfjs.TfjsBackbone} is the
 * {@link io.github.sharedvis.backbone.Backbone} over it. {@code EngineWeights} holds a model's constants in
 * the engine's layout and {@code EngineKernels}, PyTorch kernels DJL's API lacks (Relu6 as
 * {@code hardtanh}). {@code WeightRandomisation} implements the
 * model-randomisation sanity check (Adebayo et al., NeurIPS 2018).
 *
 * <p>May depend on: {@code backbone} (the backbone contract and its shared pieces), {@code util};
 * besides DJL and Jackson. The dependency runs one way: {@code backbone} never names this package;
 * {@link io.github.sharedvis.backbone.tfjs.TfjsProvider} is registered as a service in
 * {@code META-INF/services}.
 */
package io.github.sharedvis.backbone.tfjs;
