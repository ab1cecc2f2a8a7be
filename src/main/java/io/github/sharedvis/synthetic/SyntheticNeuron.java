package io.github.sharedvis.synthetic;

/**
 * A category-selective model neuron: a rectified linear readout of a network's features.
 * Its firing rate for features f is {@code baseline + gain * max(0, w . f - threshold)}.
 *
 * @param id the neuron's name
 * @param preferred the category it was fitted to prefer
 * @param weights readout weights {@code [D]} over the features it reads
 * @param threshold the rectification threshold
 * @param gain spikes per unit of drive above threshold
 * @param baseline the spontaneous rate (spikes per window)
 */
public record SyntheticNeuron(String id, String preferred, double[] weights, double threshold, double gain,
        double baseline) {

    /**
     * @param features one image's features {@code [D]}
     * @return the expected spike count in the response window
     */
    public double rate(float[] features) {
        if (features.length != weights.length) {
            throw new IllegalArgumentException("neuron " + id + " reads " + weights.length
                    + " features, got " + features.length);
        }
        double drive = 0;
        for (int k = 0; k < weights.length; k++) {
            drive += weights[k] * features[k];
        }
        return baseline + gain * Math.max(0, drive - threshold);
    }
}
