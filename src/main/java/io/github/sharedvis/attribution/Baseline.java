package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;

/**
 * The reference input {@code x₀} of {@link AttributionMethod#INTEGRATED_GRADIENTS}.
 *
 * <p>Baselines live in the feature function's input space, i.e. after preprocessing: with ImageNet
 * normalisation, {@link #zero()} is the mean colour of ImageNet, not black.
 */
@FunctionalInterface
public interface Baseline {

    /**
     * Builds the baseline for a batch.
     *
     * @param x the images {@code [N, C, H, W]}
     * @return {@code x₀}, the same shape as {@code x}, in {@code x}'s manager
     */
    NDArray of(NDArray x);

    /** @return the all-zero input (the default) */
    static Baseline zero() {
        return constant(0f);
    }

    /**
     * @param value every pixel of every channel
     * @return a constant image
     */
    static Baseline constant(float value) {
        return x -> x.zerosLike().addi(value);
    }

    /**
     * @param perChannel one value per channel, e.g. the preprocessed value of black
     * @return a constant image per channel
     */
    static Baseline perChannel(float[] perChannel) {
        float[] values = perChannel.clone();
        return x -> {
            long c = x.getShape().get(1);
            if (c != values.length) {
                throw new IllegalArgumentException("baseline has " + values.length + " channel values but the "
                        + "images have " + c + " channels");
            }
            NDArray col = x.getManager().create(values).reshape(1, c, 1, 1).toType(x.getDataType(), false);
            return x.zerosLike().addi(col);
        };
    }
}
