package io.github.sharedvis.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The full configuration as nested maps, in the TOML's own key names, for {@code run.json}. */
final class ConfigMaps {
    private ConfigMaps() {}

    static Map<String, Object> toMap(RunConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stimuli", String.valueOf(c.data().stimuli()));
        data.put("responses", String.valueOf(c.data().responses()));
        data.put("preferred", c.data().preferred());
        data.put("variable", c.data().variable());
        data.put("window", new double[] {c.data().windowStart(), c.data().windowEnd()});
        data.put("rates", c.data().rates());
        data.put("stimulus_id_column", c.data().stimulusIdColumn());
        data.put("neurons", c.data().neurons());
        data.put("outside_paths", c.data().outsidePaths());
        m.put("data", data);
        Map<String, Object> bb = new LinkedHashMap<>();
        bb.put("model", c.backbone().model());
        bb.put("layer", c.backbone().layer());
        bb.put("pooling", c.backbone().pooling());
        bb.put("device", c.backbone().device());
        bb.put("batch_size", c.backbone().batchSize());
        if (c.backbone().preprocessing() != null) {
            bb.put("preprocessing", c.backbone().preprocessing().key());
        }
        m.put("backbone", bb);
        Map<String, Object> ro = new LinkedHashMap<>();
        ro.put("alphas", Arrays.stream(c.readout().alphas()).boxed().toList());
        ro.put("folds", c.readout().folds());
        ro.put("standardize", c.readout().standardize());
        ro.put("pca", c.readout().pca());
        m.put("readout", ro);
        Map<String, Object> ex = new LinkedHashMap<>();
        ex.put("top_k", c.explain().topK());
        ex.put("top_m", c.explain().topM());
        ex.put("top_q", c.explain().topQ());
        ex.put("method", c.explain().method());
        ex.put("weighting", c.explain().weighting());
        ex.put("reference_point", c.explain().referencePoint());
        ex.put("ig_steps", c.explain().igSteps());
        ex.put("ig_baseline", c.explain().igBaseline());
        ex.put("smoothgrad_samples", c.explain().smoothgradSamples());
        ex.put("smoothgrad_noise", c.explain().smoothgradNoise());
        ex.put("batch_size", c.explain().batchSize());
        m.put("explain", ex);
        Map<String, Object> di = new LinkedHashMap<>();
        di.put("reduction", c.display().reduction());
        di.put("smoothing_sigma", c.display().smoothingSigma());
        m.put("display", di);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("seed", c.run().seed());
        run.put("threads", c.run().threads());
        run.put("cache", c.run().cache() == null ? null : c.run().cache().toString());
        m.put("run", run);
        return m;
    }
}
