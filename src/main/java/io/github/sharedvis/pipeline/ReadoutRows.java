package io.github.sharedvis.pipeline;

import io.github.sharedvis.data.FeatureMatrix;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.util.Floats;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The readout's view of a run's features for the explain step: the transformed features
 * {@code z = model.transform(f)} ({@code [K]} per image) and the predicted responses, computed per
 * image when asked for, from the memory-mapped float32 features. Only the images the step touches are
 * transformed (the preferred ones once, for the reference search, and each explained ooc image), so
 * no {@code [n, D]} or {@code [n, neurons]} array is held; each row has the bits the whole-matrix
 * {@code transform}/{@code predict} give it. The last {@link #KEPT} rows asked for one at a time are
 * kept ({@code 8 × K} bytes each; a neuron's rows are asked for together). Not thread-safe.
 */
final class ReadoutRows {

    private final FeatureMatrix features;
    private final FittedEncoding model;
    /** Transformed rows kept, most recently used: 16 MB at K = 2048. */
    static final int KEPT = 1024;

    private final Map<Integer, double[]> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, double[]> e) {
            return size() > KEPT;
        }
    };

    /**
     * @param features the run's features {@code [n, D]}
     * @param model the fitted readout
     */
    ReadoutRows(FeatureMatrix features, FittedEncoding model) {
        this.features = features;
        this.model = model;
    }

    /** @return n, the number of images */
    int size() {
        return features.rows();
    }

    /** @return the readout */
    FittedEncoding model() {
        return model;
    }

    /**
     * @param i an image
     * @return its transformed features {@code [K]} (kept: do not modify)
     */
    double[] z(int i) {
        double[] z = kept.get(i);
        if (z == null) {
            z = model.transform(features.row(i));
            kept.put(i, z);
        }
        return z;
    }

    /**
     * @param idx images
     * @return their transformed features in float32 {@code [idx.length][K]}, computed row by row (not kept)
     */
    float[][] floatRows(int[] idx) {
        float[][] out = new float[idx.length][];
        for (int r = 0; r < idx.length; r++) {
            double[] z = kept.get(idx[r]);
            out[r] = Floats.of(z != null ? z : model.transform(features.row(idx[r])));
        }
        return out;
    }

    /** @return every image's transformed features in float32 {@code [n][K]} ({@code 4 × n × K} bytes) */
    float[][] allFloatRows() {
        int[] all = new int[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return floatRows(all);
    }

    /**
     * @param i an image
     * @param neuron a neuron (its row in the readout)
     * @return the neuron's predicted response to the image
     */
    double predicted(int i, int neuron) {
        return model.predictTransformed(z(i), neuron);
    }
}
