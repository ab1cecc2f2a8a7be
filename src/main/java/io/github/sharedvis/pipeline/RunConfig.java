package io.github.sharedvis.pipeline;

import java.nio.file.Path;
import java.util.List;

/**
 * Every knob of a run, as read from a TOML file (see {@link ConfigLoader} and
 * {@code sharedvis init}). Relative paths are resolved against the config file's folder.
 *
 * @param data stimuli, responses and the preferred category
 * @param backbone the network and where it is cut
 * @param readout the encoding model
 * @param explain what to explain and how
 * @param display how maps are shown (raw maps are saved unreduced)
 * @param run seed, threads and cache
 */
public record RunConfig(Data data, Backbone backbone, Readout readout, Explain explain, Display display, Run run) {

    /**
     * @return every key's default: what a missing key takes (the one place they are written down; the
     *     keys themselves are declared in {@link ConfigSchema})
     */
    public static RunConfig defaults() {
        return new RunConfig(
                new Data(null, null, null, null, 0.05, 0.25, false, "stimulus_id", List.of(), false),
                new Backbone("movenet-thunder", null, "average", "cpu", 16, null),
                new Readout(new double[] {0.01, 0.1, 1, 10, 100, 1e3, 1e4, 1e5}, "kfold", 5, false, 0),
                new Explain(5, 3, 1.0, "gradient", ConfigLoader.DEFAULT_WEIGHTING.configName(),
                        ConfigLoader.DEFAULT_REFERENCE_POINT.configName(), 32, "black", 16, 0.15, 8),
                new Display("positive", 0.0, 0.75),
                new Run(0, 0, null));
    }

    /**
     * A copy with one key changed, for configs built by code ({@code sharedvis demo}, {@code validate}).
     *
     * @param key {@code section.key} as in the TOML, e.g. {@code explain.top_k}; {@code data.window} takes a
     *     {@code double[] {start, end}}, {@code backbone.preprocessing} a {@code Preprocessing} or null
     * @param value the value, of the component's type (boxed), unchecked: {@link ConfigLoader} checks
     *     values when the written file is read back
     * @return the new configuration
     * @throws IllegalArgumentException for an unknown key or a value of the wrong type
     */
    public RunConfig with(String key, Object value) {
        return ConfigWalks.with(this, key, value);
    }

    /**
     * A canonical serialization of one section, for step stamps: compact JSON of every key the section
     * holds, in declaration order, values as in {@code run.json}'s {@code config} entry (paths absolute,
     * {@code preprocessing} as {@link io.github.sharedvis.backbone.Preprocessing#key()} when set). A key
     * added to the section's record is included by construction.
     *
     * @param section {@code data}, {@code backbone}, {@code readout}, {@code explain}, {@code display} or
     *     {@code run}
     * @return e.g. {@code {"reduction":"positive","smoothing_sigma":0.0,"overlay_alpha":0.75}}
     * @throws IllegalArgumentException for another section name
     */
    public String sectionJson(String section) {
        try {
            return ConfigWalks.JSON.writeValueAsString(ConfigWalks.sectionMap(this, section));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * @param stimuli a folder with one sub-folder per category, or a CSV manifest
     * @param responses a response file (.npy, .npz, .csv, .mat, .h5, .nwb)
     * @param preferred the neurons' preferred category
     * @param variable the dataset/variable name inside .npz/.mat/.h5 files, or null to detect
     * @param windowStart NWB: start of the counting window after stimulus onset, seconds
     * @param windowEnd NWB: end of the counting window, seconds
     * @param rates NWB: spikes per second instead of counts
     * @param stimulusIdColumn NWB: the column of the trials/intervals table holding stimulus ids
     * @param neurons only these neurons (empty: all)
     * @param outsidePaths whether a manifest may name images outside its own folder (absolute paths,
     *     {@code ../} leaving it); off by default
     */
    public record Data(Path stimuli, Path responses, String preferred, String variable, double windowStart,
            double windowEnd, boolean rates, String stimulusIdColumn, List<String> neurons, boolean outsidePaths) {}

    /**
     * @param model a TorchScript file, a TF.js model.json, or a bundled name
     * @param layer the node to cut at
     * @param pooling {@code none} or {@code average}
     * @param device {@code cpu}, {@code cuda}, {@code cuda:N}, {@code auto}
     * @param batchSize images per forward pass in feature extraction
     * @param preprocessing the model's preprocessing when overridden in the config, else null (the
     *     model's declared default)
     */
    public record Backbone(String model, String layer, String pooling, String device, int batchSize,
            io.github.sharedvis.backbone.Preprocessing preprocessing) {}

    /**
     * @param alphas the ridge penalties searched per neuron
     * @param cv how the penalty is chosen and r within is measured: {@code kfold} ({@code folds} folds) or
     *     {@code loo} (leave-one-out, from the same decomposition: as scikit-learn's {@code RidgeCV})
     * @param folds cross-validation folds (with {@code cv = "kfold"})
     * @param standardize divide features by their training-set standard deviation (no centring)
     * @param pca principal components to keep (0 = off)
     */
    public record Readout(double[] alphas, String cv, int folds, boolean standardize, int pca) {

        /** @return whether the readout is cross-validated leave-one-out rather than by folds */
        public boolean leaveOneOut() {
            return cv.equals("loo");
        }
    }

    /**
     * @param topK ooc images explained per neuron (by recorded response)
     * @param topM reference candidates listed per ooc image
     * @param topQ restrict references to the neuron's top-q fraction of preferred images (1 = all)
     * @param method {@code gradient}, {@code integrated_gradients} or {@code smoothgrad}
     * @param weighting a {@link io.github.sharedvis.attribution.Weighting} config name ({@code paper},
     *     {@code both_above}, {@code signed}, {@code excitatory}, {@code readout})
     * @param referencePoint a {@link io.github.sharedvis.attribution.ReferencePoint.Kind} config name
     *     ({@code none}, {@code preferred_mean}, {@code stimulus_mean}, {@code zscore})
     * @param igSteps Integrated Gradients steps
     * @param igBaseline {@code black} (a black image, preprocessed) or {@code zero} (preprocessed zeros: the dataset mean colour for ImageNet-normalised models)
     * @param smoothgradSamples SmoothGrad noisy copies
     * @param smoothgradNoise SmoothGrad noise standard deviation, as a fraction of the input range
     * @param batchSize images per backward pass (the memory knob)
     */
    public record Explain(int topK, int topM, double topQ, String method, String weighting, String referencePoint,
            int igSteps,
            String igBaseline, int smoothgradSamples, double smoothgradNoise, int batchSize) {}

    /**
     * @param reduction {@code positive} (positive part of the channel sum), {@code abs} or {@code l2}
     * @param smoothingSigma Gaussian smoothing of displayed maps, pixels (0 = none)
     * @param overlayAlpha opacity of the strongest map value over the image, in [0, 1] (the report's
     *     {@link io.github.sharedvis.report.MapDisplay} reads it from {@code run.json})
     */
    public record Display(String reduction, double smoothingSigma, double overlayAlpha) {}

    /**
     * @param seed random seed for cross-validation folds, splits and noise
     * @param threads CPU threads for the engine (0 = engine default)
     * @param cache the feature cache folder
     */
    public record Run(long seed, int threads, Path cache) {}
}
