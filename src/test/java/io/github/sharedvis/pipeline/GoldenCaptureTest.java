package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Temporary: captures main's outputs as golden files. */
class GoldenCaptureTest {
    static final Path BASE = Path.of("/tmp/proj");

    static String demo(String preferred) {
        return String.format(Locale.ROOT, """
                # written by sharedvis demo
                [data]
                stimuli = "recording/manifest.csv"
                responses = "recording/responses.csv"
                preferred = %s
                outside_paths = true           # the simulated manifest points at ../stimuli

                [backbone]
                model = %s
                layer = %s
                pooling = "average"

                [readout]
                standardize = true

                [explain]
                top_k = 3
                top_m = 3
                method = "gradient"
                weighting = %s
                reference_point = %s

                [display]
                smoothing_sigma = 4.0
                """, ConfigLoader.quote(preferred), ConfigLoader.quote("movenet-thunder"), ConfigLoader.quote("out_relu/Relu6"),
                ConfigLoader.quote(ConfigLoader.DEFAULT_WEIGHTING.configName()),
                ConfigLoader.quote(ConfigLoader.DEFAULT_REFERENCE_POINT.configName()));
    }

    static final String FULL = """
            [data]
            stimuli = "st\\"im\\\\uli"
            responses = "/abs/r.nwb"
            preferred = "face \\"x\\""
            variable = "spikes"
            window = [0.1, 0.35]
            rates = true
            stimulus_id_column = "img"
            neurons = ["n2", "n1", "n2"]
            outside_paths = true
            [backbone]
            model = "nets/m.pt"
            layer = "layer4"
            pooling = "none"
            device = "cuda:1"
            batch_size = 4
            input_size = [192, 160]
            resize = 200
            mean = [0.5, 0.25, 0.125]
            [readout]
            alphas = [0.001, 2.5, 1e7, 3]
            folds = 3
            standardize = true
            pca = 12
            [explain]
            top_k = 7
            top_m = 2
            top_q = 0.3
            method = "smoothgrad"
            weighting = "paper"
            reference_point = "none"
            ig_steps = 64
            ig_baseline = "zero"
            smoothgrad_samples = 8
            smoothgrad_noise = 0.2
            batch_size = 2
            [display]
            reduction = "l2"
            smoothing_sigma = 1.5
            [run]
            seed = 42
            threads = 3
            cache = "../cache"
            """;

    @Test
    void capture() throws Exception {
        Path dir = Path.of("src/test/resources/io/github/sharedvis/pipeline/golden");
        Files.createDirectories(dir);
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String[][] cases = {
            {"example", ConfigLoader.exampleToml()},
            {"minimal", "[data]\npreferred = \"body\"\n"},
            {"empty", ""},
            {"full", FULL},
            {"demo", demo("body")},
            {"preprocessing-only-stretch", "[backbone]\nstretch = true\n"},
        };
        for (String[] c : cases) {
            Files.writeString(dir.resolve(c[0] + ".toml"), c[1]);
            RunConfig cfg = ConfigLoader.parse(c[1], BASE, c[0] + ".toml");
            Files.writeString(dir.resolve(c[0] + ".config.json"), om.writeValueAsString(ConfigMaps.toMap(cfg)) + "\n");
        }
        Files.writeString(dir.resolve("demo-weird.toml"), demo("a \"q\" \\b\\"));
        Files.writeString(dir.resolve("validation.toml"), validation());
    }

    static String validation() {
        StringBuilder ids = new StringBuilder();
        for (String id : java.util.List.of("n1", "n\"2")) {
            ids.append(ids.length() == 0 ? "" : ", ").append(ConfigLoader.quote(id));
        }
        return "# written by sharedvis validate\n[data]\nstimuli = "
                + ConfigLoader.quote("/data/sim \\x/manifest.csv")
                + "\nresponses = " + ConfigLoader.quote("/data/sim/responses.csv")
                + "\npreferred = " + ConfigLoader.quote("body") + "\nneurons = [" + ids + "]\noutside_paths = true"
                + "\n\n[backbone]\nmodel = " + ConfigLoader.quote("movenet-lightning")
                + "\nlayer = " + ConfigLoader.quote("out_relu/Relu6") + "\npooling = \"average\""
                + "\n\n[explain]\ntop_k = 3\ntop_m = 3"
                + "\nmethod = " + ConfigLoader.quote("gradient")
                + "\nweighting = " + ConfigLoader.quote("signed")
                + "\nreference_point = " + ConfigLoader.quote("preferred_mean") + "\nig_steps = " + 16
                + "\n\n[display]\nsmoothing_sigma = 2.0\n\n[run]\nseed = " + 3L + "\ncache = "
                + ConfigLoader.quote("/data/cache") + "\n";
    }
}
