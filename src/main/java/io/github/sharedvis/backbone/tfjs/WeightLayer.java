package io.github.sharedvis.backbone.tfjs;

import java.util.List;

/**
 * One weight layer of a TF.js graph as the model-randomisation check sees it (see
 * {@link TfjsGraphModel#weightLayers(String)}): a convolution whose filter is a constant, with every
 * learned constant it reads.
 *
 * <p>Which constants belong to it: every float constant input of the convolution other than the
 * data (the filter, and for the fused variants the bias and a PReLU slope), plus the per-channel
 * constant of each {@code BiasAdd}, {@code Add}/{@code AddV2}, {@code Sub} or {@code Mul} that
 * directly and solely follows it (an unfused bias or batch-norm scale and shift, which the converter
 * left as separate operations). Other constants are not learned weights and are never re-initialised:
 * preprocessing scales, clip bounds, post-processing arithmetic, shapes and indices.
 *
 * @param node the convolution node ({@code _FusedConv2D}, {@code Conv2D}, {@code DepthwiseConv2dNative},
 *     {@code DepthwiseConv2d} or {@code FusedDepthwiseConv2dNative})
 * @param op its operation
 * @param weights the constant nodes it reads, the filter first (TF layout, e.g. {@code [kh, kw, in, out]}),
 *     then the fused inputs, then the folded per-channel constants ({@code [out]}) in graph order
 * @param folded the {@code BiasAdd}/{@code Add}/{@code Sub}/{@code Mul} nodes folded into this layer,
 *     in graph order (often none: the converter usually fuses the bias into the convolution)
 * @param depth the longest path, in graph edges, from the convolution to the cut node (0 when it is
 *     the cut node); the layers are ordered by it, so every layer comes before the ones it reads from
 * @param parameters how many values its weights hold in total
 */
public record WeightLayer(String node, String op, List<String> weights, List<String> folded, int depth,
        long parameters) {

    /** Defensive copies: a layer list may be kept while the model it came from is closed. */
    public WeightLayer {
        weights = List.copyOf(weights);
        folded = List.copyOf(folded);
    }
}
