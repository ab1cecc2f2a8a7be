package io.github.sharedvis.backbone;

import java.awt.image.BufferedImage;

/**
 * Antialiased bilinear resizing (a triangle filter widened by the downscale factor, as PIL does),
 * so that a 1024 px stimulus shrunk to 224 px does not alias the way nearest or plain bilinear
 * sampling would.
 */
final class Resampling {

    private Resampling() {}

    static BufferedImage resize(BufferedImage src, int outW, int outH) {
        int w = src.getWidth();
        int h = src.getHeight();
        int[] rgb = Pixels.read(src);
        float[][] ch = new float[3][w * h];
        for (int i = 0; i < rgb.length; i++) {
            ch[0][i] = (rgb[i] >> 16) & 0xff;
            ch[1][i] = (rgb[i] >> 8) & 0xff;
            ch[2][i] = rgb[i] & 0xff;
        }
        Filter fx = Filter.of(w, outW);
        Filter fy = Filter.of(h, outH);
        int[] out = new int[outW * outH];
        float[][] res = new float[3][];
        for (int c = 0; c < 3; c++) {
            float[] tmp = new float[outW * h];
            for (int y = 0; y < h; y++) {
                fx.apply(ch[c], y * w, 1, tmp, y * outW, 1);
            }
            float[] o = new float[outW * outH];
            fy.applyRows(tmp, outW, o);
            res[c] = o;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = 0xff000000 | (clamp(res[0][i]) << 16) | (clamp(res[1][i]) << 8) | clamp(res[2][i]);
        }
        BufferedImage dst = new BufferedImage(outW, outH, BufferedImage.TYPE_INT_RGB);
        Pixels.write(dst, 0, 0, outW, outH, out);
        return dst;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Precomputed 1-D weights for one axis. */
    record Filter(int[] start, float[][] weights) {
        static Filter of(int in, int out) {
            double scale = in / (double) out;
            double support = Math.max(1.0, scale);
            int[] start = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double center = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(center - support));
                int hi = Math.min(in, (int) Math.ceil(center + support));
                float[] wts = new float[hi - lo];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    double d = Math.abs((j + 0.5 - center) / support);
                    double wt = Math.max(0, 1 - d);
                    wts[j - lo] = (float) wt;
                    sum += wt;
                }
                if (sum == 0) {
                    int nearest = Math.min(in - 1, Math.max(0, (int) center));
                    lo = nearest;
                    wts = new float[] {1f};
                    sum = 1;
                }
                for (int k = 0; k < wts.length; k++) {
                    wts[k] /= (float) sum;
                }
                start[i] = lo;
                weights[i] = wts;
            }
            return new Filter(start, weights);
        }

        /**
         * The vertical pass over whole rows, {@code src [in][width] -> dst [out][width]}: each output
         * value sums the same products in the same order as {@link #apply} along a column (so the same
         * bits), with the rows read in memory order.
         */
        void applyRows(float[] src, int width, float[] dst) {
            for (int i = 0; i < start.length; i++) {
                float[] wts = weights[i];
                int o = i * width;
                for (int k = 0; k < wts.length; k++) {
                    float wk = wts[k];
                    int s = (start[i] + k) * width;
                    for (int x = 0; x < width; x++) {
                        dst[o + x] += wk * src[s + x];
                    }
                }
            }
        }

        void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
            for (int i = 0; i < start.length; i++) {
                float[] wts = weights[i];
                int s = srcOff + start[i] * srcStride;
                float acc = 0;
                for (int k = 0; k < wts.length; k++) {
                    acc += wts[k] * src[s + k * srcStride];
                }
                dst[dstOff + i * dstStride] = acc;
            }
        }
    }
}
