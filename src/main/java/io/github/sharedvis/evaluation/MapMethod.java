package io.github.sharedvis.evaluation;

/** The maps compared by the validation benchmarks ({@code method.md}, section 7). */
public enum MapMethod {
    /** Parallel backpropagation, plain gradient: {@code J(a)ᵀ v} with the shared weighting v (the method). */
    PARALLEL_GRADIENT("parallel backprop (gradient)"),
    /** Parallel backpropagation with Integrated Gradients along the path from black to {@code a}. */
    PARALLEL_IG("parallel backprop (IG)"),
    /**
     * Parallel backpropagation stopped at the readout's layer: Grad-CAM of the shared objective
     * {@code v · f}, i.e. {@code ReLU(Σ_c v_c A_c)} upsampled (see {@link GradCam}). The same resolution
     * as {@link #GRAD_CAM}, so the two differ only in the weighting ({@code v} instead of {@code w}).
     * A diagnostic variant, not in {@code method.md}.
     */
    PARALLEL_GRAD_CAM("parallel backprop to the layer (Grad-CAM of v·f)"),
    /** Single-image gradient of the predicted response, {@code J(a)ᵀ w}. */
    GRADIENT("gradient of r̂"),
    /** Grad-CAM of the predicted response at the readout's layer (see {@link GradCam}). */
    GRAD_CAM("Grad-CAM of r̂"),
    /** Integrated Gradients of the predicted response, from black. */
    INTEGRATED_GRADIENTS("IG of r̂"),
    /** Uniform random values (mass-in-region = area fraction in expectation; a random deletion order). */
    RANDOM("random map");

    private final String label;

    MapMethod(String label) {
        this.label = label;
    }

    /** @return the name used in tables */
    public String label() {
        return label;
    }

    /** @return whether this is a single-image baseline that explains the predicted response */
    public boolean singleImageBaseline() {
        return this == GRADIENT || this == GRAD_CAM || this == INTEGRATED_GRADIENTS;
    }
}
