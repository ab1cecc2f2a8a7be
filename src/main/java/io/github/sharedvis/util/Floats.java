package io.github.sharedvis.util;

/** Narrowing conversions from double to float arrays, for handing readout arrays to the engine. */
public final class Floats {

    private Floats() {}

    /**
     * @param v values, or null
     * @return {@code (float) v[i]}, or null for null
     */
    public static float[] of(double[] v) {
        if (v == null) {
            return null;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /**
     * @param m rows {@code [n][d]}
     * @return the same rows in float {@code [n][d]}
     */
    public static float[][] of(double[][] m) {
        float[][] out = new float[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = of(m[i]);
        }
        return out;
    }
}
