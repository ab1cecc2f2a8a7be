package io.github.sharedvis.util;

/**
 * Conversions between double and float arrays: narrowing, for handing readout arrays to the engine,
 * and widening, for handing features to the readout.
 */
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

    /**
     * @param v values {@code [d]}
     * @return the same values in double {@code [d]} (exact)
     */
    public static double[] toDouble(float[] v) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k];
        }
        return out;
    }

    /**
     * @param m rows {@code [n][d]}, e.g. features from the extractor
     * @return the same rows in double {@code [n][d]}, e.g. for {@code EncodingModel.fit}
     */
    public static double[][] toDouble(float[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = toDouble(m[i]);
        }
        return out;
    }
}
