package io.github.sharedvis.evaluation;

/**
 * Grad-CAM (Selvaraju et al., 2017) of a linear readout of spatially averaged features, in closed form.
 *
 * <p>With unpooled activations {@code A [C, h, w]} at the readout's layer and the readout
 * {@code r̂ = Σ_c w_c mean_{ij}(A_cij) + b}, the gradient is {@code ∂r̂/∂A_cij = w_c / (h w)}, so the
 * Grad-CAM channel weights (the spatial mean of the gradient) are {@code α_c = w_c / (h w)} and the map
 * is {@code ReLU(Σ_c α_c A_c)} — no backward pass is needed. The {@code h x w} map is upsampled
 * bilinearly (half-pixel centres, edge clamped, as {@code align_corners=False}) to the image size.
 */
public final class GradCam {

    private GradCam() {}

    /**
     * @param activations unpooled activations of one image {@code [C, h, w]} (NCHW order, flattened)
     * @param weights the readout weights {@code [C]} on the spatially averaged features
     * @param h the activation height
     * @param w the activation width
     * @param outH the image height
     * @param outW the image width
     * @return the map {@code [outH, outW]}, non-negative
     */
    public static float[] map(float[] activations, double[] weights, int h, int w, int outH, int outW) {
        int c = weights.length;
        if (activations.length != c * h * w) {
            throw new IllegalArgumentException("activations of " + activations.length + " values are not [C=" + c
                    + ", " + h + ", " + w + "]");
        }
        int hw = h * w;
        double[] cam = new double[hw];
        for (int k = 0; k < c; k++) {
            double alpha = weights[k] / hw;
            for (int i = 0; i < hw; i++) {
                cam[i] += alpha * activations[k * hw + i];
            }
        }
        for (int i = 0; i < hw; i++) {
            cam[i] = Math.max(0, cam[i]);
        }
        return upsample(cam, h, w, outH, outW);
    }

    /** Bilinear resize with half-pixel centres and clamped edges. */
    static float[] upsample(double[] m, int h, int w, int outH, int outW) {
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.min(h - 1, Math.max(0, (y + 0.5) * h / outH - 0.5));
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(h - 1, y0 + 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.min(w - 1, Math.max(0, (x + 0.5) * w / outW - 0.5));
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(w - 1, x0 + 1);
                double fx = sx - x0;
                double top = m[y0 * w + x0] * (1 - fx) + m[y0 * w + x1] * fx;
                double bot = m[y1 * w + x0] * (1 - fx) + m[y1 * w + x1] * fx;
                out[y * outW + x] = (float) (top * (1 - fy) + bot * fy);
            }
        }
        return out;
    }
}
