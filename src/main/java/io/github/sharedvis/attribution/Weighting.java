package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The shared output weighting {@code v} of a pair ({@code docs/method.md}, section 4): which
 * latent dimensions the two backward passes share.
 *
 * <p>The features passed in are the features relative to the {@link ReferencePoint},
 * {@code f̃ = (f − c) / s} (the raw features for {@link ReferencePoint.Kind#NONE}, the paper's literal
 * reading). Every shared variant is L1-normalised per pair, {@code v = u / ‖u‖₁}; a pair with
 * {@code u = 0} (no dimension active in both images with a non-zero weight) gets {@code v = 0}, hence
 * all-zero maps, rather than NaN. {@link #READOUT} is the single-image baseline and is not normalised.
 */
public enum Weighting {
    /**
     * The paper's "normalized Hadamard product of the activation vectors and the element-wise square
     * of the readout": {@code u = w ⊙ w ⊙ f̃(a) ⊙ f̃(b)}. Relative to a centre, a dimension where both
     * images lie below it also counts as shared (the product of two negatives is positive).
     */
    PAPER,
    /**
     * {@code u = w ⊙ w ⊙ [f̃(a)]₊ ⊙ [f̃(b)]₊}: only dimensions where BOTH images lie above the reference
     * point count; with {@link ReferencePoint.Kind#NONE} and non-negative features it equals
     * {@link #PAPER}.
     */
    BOTH_ABOVE,
    /** {@code u = w ⊙ f̃(a) ⊙ f̃(b)}: keeps the sign of the readout. */
    SIGNED,
    /** {@code u = [w > 0] ⊙ w ⊙ w ⊙ f̃(a) ⊙ f̃(b)}: only dimensions that excite the neuron. */
    EXCITATORY,
    /**
     * {@code v = w}, unnormalised, whatever the pair and the reference point: the map is then the
     * single-image gradient of the predicted response {@code r̂ = w · f + b} (Integrated Gradients of
     * {@code r̂} with that method), the baseline every shared map is compared with. Both images of a
     * pair get their own single-image map.
     */
    READOUT;

    /** @return the config name, e.g. {@code both_above} */
    public String configName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * @param name a config name
     * @return the weighting
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Weighting fromConfig(String name) {
        for (Weighting w : values()) {
            if (w.configName().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown weighting '" + name + "'; use one of "
                + java.util.Arrays.stream(values()).map(Weighting::configName).toList());
    }

    /** @return whether {@code v} depends on the pair (every weighting but {@link #READOUT}) */
    public boolean isShared() {
        return this != READOUT;
    }

    /**
     * Computes the shared weighting.
     *
     * @param fa features of the first images relative to the reference point, {@code f̃(a)} {@code [N, D]}
     * @param fb features of the second images relative to the reference point, {@code f̃(b)} {@code [N, D]}
     * @param w readout weights {@code [D]} (one neuron for every pair) or {@code [N, D]} (one row per pair)
     * @return {@code v} {@code [N, D]}, each row with L1 norm 1 (or all zero), in {@code fa}'s manager
     * @throws IllegalArgumentException when the shapes disagree
     */
    public NDArray apply(NDArray fa, NDArray fb, NDArray w) {
        Shape sa = fa.getShape();
        if (sa.dimension() != 2 || !sa.equals(fb.getShape())) {
            throw new IllegalArgumentException("features must both be [N, D]; got " + sa + " and " + fb.getShape());
        }
        Shape sw = w.getShape();
        boolean rowOk = sw.dimension() == 1 && sw.get(0) == sa.get(1);
        boolean matOk = sw.equals(sa);
        if (!rowOk && !matOk) {
            throw new IllegalArgumentException("readout weights w have shape " + sw + " but the features are "
                    + sa + "; pass w as [D] = [" + sa.get(1) + "] or one row per pair [N, D] = " + sa);
        }
        // Temporaries live in a scope under fa's manager; only the result is handed back to it.
        try (NDManager scope = NDManager.subManagerOf(fa)) {
            scope.tempAttachAll(fa, fb, w);
            NDArray ww = w.toDevice(fa.getDevice(), false).toType(fa.getDataType(), false);
            if (this == READOUT) {
                return scope.ret(rowOk ? ww.reshape(1, -1).repeat(0, sa.get(0)) : ww.duplicate());
            }
            NDArray scale = switch (this) {
                case PAPER, BOTH_ABOVE -> ww.square();
                case SIGNED -> ww;
                case EXCITATORY -> ww.square().mul(ww.gt(0).toType(fa.getDataType(), false));
                case READOUT -> throw new AssertionError("handled above");
            };
            NDArray u = this == BOTH_ABOVE
                    ? fa.maximum(0f).mul(fb.maximum(0f)).mul(scale)
                    : fa.mul(fb).mul(scale);
            NDArray norm = u.abs().sum(new int[] {1}, true);
            // u / ‖u‖₁, with ‖u‖₁ = 0 replaced by 1 so an all-zero u stays zero instead of 0/0 = NaN.
            NDArray safe = norm.add(norm.eq(0).toType(norm.getDataType(), false));
            return scope.ret(u.div(safe));
        }
    }
}
