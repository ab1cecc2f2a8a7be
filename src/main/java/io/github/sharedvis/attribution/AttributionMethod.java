package io.github.sharedvis.attribution;

/**
 * How the Jacobian {@code J(x) = ∂f(x)/∂x} is turned into a per-pixel map {@code S(x)} for a given
 * output weighting {@code v} ({@code docs/method.md}, section 4).
 */
public enum AttributionMethod {
    /** {@code S = J(x)ᵀ v}: one backward pass per image (the paper's default). */
    GRADIENT,
    /**
     * Integrated Gradients (Sundararajan et al., 2017): {@code S = (x − x₀) ⊙ (1/m) Σ_j J(x₀ +
     * α_j (x − x₀))ᵀ v} with midpoint steps {@code α_j = (j − ½)/m}, {@code j = 1..m}. {@code v} is
     * computed once from the endpoint features {@code f(a)}, {@code f(b)}, so by completeness
     * {@code Σ S ≈ v·f(x) − v·f(x₀)}.
     */
    INTEGRATED_GRADIENTS,
    /**
     * SmoothGrad (Smilkov et al., 2017): {@code S = (1/n) Σ_j J(x + ε_j)ᵀ v}, {@code ε_j ~ N(0, σ²)},
     * with {@code v} from the clean images' features (the noise perturbs the Jacobian, not the
     * choice of shared dimensions).
     */
    SMOOTHGRAD
}
