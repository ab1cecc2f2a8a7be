package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.util.Floats;
import java.util.Arrays;

/**
 * Reads a {@link RunConfig} from TOML. Every key is checked: an unknown section or key, a wrong type
 * or a value outside the accepted set is a {@link ConfigException} naming the file, the key and what
 * is accepted. Missing keys take the documented defaults (see {@link #exampleToml()}).
 */
public final class ConfigLoader {

    /**
     * The default shared weighting and reference point, chosen on the validation's development split
     * (seeds 0-2, MoveNet Lightning, 11 variants, 120 planted pairs; {@code docs/validation.md}) by the
     * criterion declared before the run, then frozen: {@code signed} relative to the preferred-image
     * mean won (1.043 against 0.854 for the paper's literal reading). {@code weighting = "paper"} with
     * {@code reference_point = "none"} is the paper's literal reading, one switch away.
     */
    public static final Weighting DEFAULT_WEIGHTING = Weighting.SIGNED;
    /** See {@link #DEFAULT_WEIGHTING}. */
    public static final ReferencePoint.Kind DEFAULT_REFERENCE_POINT = ReferencePoint.Kind.PREFERRED_MEAN;

    /** The accepted values of the enumerated keys. */
    public static final Map<String, List<String>> CHOICES = Map.of(
            "backbone.pooling", List.of("none", "average"),
            "explain.method", List.of("gradient", "integrated_gradients", "smoothgrad"),
            "explain.weighting", Arrays.stream(Weighting.values()).map(Weighting::configName).toList(),
            "explain.reference_point", Arrays.stream(ReferencePoint.Kind.values()).map(ReferencePoint.Kind::configName)
                    .toList(),
            "explain.ig_baseline", List.of("black", "zero"),
            "display.reduction", List.of("positive", "abs", "l2"));

    private static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("data", List.of("stimuli", "responses", "preferred", "variable", "window", "rates",
                "stimulus_id_column", "neurons", "outside_paths"));
        KEYS.put("backbone", List.of("model", "layer", "pooling", "device", "batch_size", "input_size", "resize",
                "stretch", "value_scale", "mean", "std"));
        KEYS.put("readout", List.of("alphas", "folds", "standardize", "pca"));
        KEYS.put("explain", List.of("top_k", "top_m", "top_q", "method", "weighting", "reference_point", "ig_steps",
                "ig_baseline",
                "smoothgrad_samples", "smoothgrad_noise", "batch_size"));
        KEYS.put("display", List.of("reduction", "smoothing_sigma"));
        KEYS.put("run", List.of("seed", "threads", "cache"));
    }

    private ConfigLoader() {}

    /**
     * @param file a TOML file
     * @return the configuration
     * @throws IOException when it cannot be read
     * @throws ConfigException when it is malformed or a value is invalid
     */
    public static RunConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(io.github.sharedvis.data.PathProblems.describe(file, "config file")
                    + " (write an example with: sharedvis init " + file + ")");
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(io.github.sharedvis.util.Utf8.readString(file));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text; save the config as UTF-8");
        } catch (IOException e) {
            throw new ConfigException(file + ": not valid TOML: " + firstLine(e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(root == null ? new TomlMapper().createObjectNode() : root, base, file.toString());
    }

    /**
     * @param toml TOML text
     * @param base the folder relative paths resolve against
     * @param source a name for error messages
     * @return the configuration
     */
    public static RunConfig parse(String toml, Path base, String source) {
        try {
            return parse(new TomlMapper().readTree(toml), base, source);
        } catch (IOException e) {
            throw new ConfigException(source + ": not valid TOML: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }

    static RunConfig parse(JsonNode root, Path base, String source) {
        Reader r = new Reader(root, base, source);
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String section = it.next();
            if (!KEYS.containsKey(section)) {
                throw new ConfigException(source + ": unknown section [" + section + "]; accepted sections: "
                        + KEYS.keySet());
            }
            if (!root.get(section).isObject()) {
                throw new ConfigException(source + ": [" + section + "] must be a table of keys");
            }
            for (Iterator<String> k = root.get(section).fieldNames(); k.hasNext(); ) {
                String key = k.next();
                if (!KEYS.get(section).contains(key)) {
                    throw new ConfigException(source + ": unknown key '" + key + "' in [" + section
                            + "]; accepted keys: " + KEYS.get(section));
                }
            }
        }
        double[] window = r.doubles("data", "window", new double[] {0.05, 0.25});
        if (window.length != 2 || !(window[1] > window[0])) {
            throw new ConfigException(source + ": [data] window must be [start, end] in seconds with end > start");
        }
        RunConfig.Data data = new RunConfig.Data(r.path("data", "stimuli", null), r.path("data", "responses", null),
                r.string("data", "preferred", null), r.string("data", "variable", null), window[0], window[1],
                r.bool("data", "rates", false), r.string("data", "stimulus_id_column", "stimulus_id"),
                r.strings("data", "neurons"), r.bool("data", "outside_paths", false));
        RunConfig.Backbone backbone = new RunConfig.Backbone(modelPath(r.string("backbone", "model",
                "movenet-thunder"), base),
                r.string("backbone", "layer", null), r.choice("backbone", "pooling", "average"),
                r.string("backbone", "device", "cpu"), r.positiveInt("backbone", "batch_size", 16),
                preprocessing(r, root, source));
        double[] alphas = r.doubles("readout", "alphas", new double[] {0.01, 0.1, 1, 10, 100, 1e3, 1e4, 1e5});
        for (double a : alphas) {
            if (!(a > 0)) {
                throw new ConfigException(source + ": [readout] alphas must all be > 0, got " + a);
            }
        }
        if (alphas.length == 0) {
            throw new ConfigException(source + ": [readout] alphas must list at least one penalty");
        }
        int folds = r.positiveInt("readout", "folds", 5);
        if (folds < 2) {
            throw new ConfigException(source + ": [readout] folds must be >= 2, got " + folds);
        }
        RunConfig.Readout readout = new RunConfig.Readout(alphas, folds, r.bool("readout", "standardize", false),
                r.nonNegativeInt("readout", "pca", 0));
        double topQ = r.number("explain", "top_q", 1.0);
        if (!(topQ > 0 && topQ <= 1)) {
            throw new ConfigException(source + ": [explain] top_q must be in (0, 1], got " + topQ);
        }
        double noise = r.number("explain", "smoothgrad_noise", 0.15);
        if (!(noise > 0)) {
            throw new ConfigException(source + ": [explain] smoothgrad_noise must be > 0, got " + noise);
        }
        RunConfig.Explain explain = new RunConfig.Explain(r.positiveInt("explain", "top_k", 5),
                r.positiveInt("explain", "top_m", 3), topQ, r.choice("explain", "method", "gradient"),
                r.choice("explain", "weighting", DEFAULT_WEIGHTING.configName()),
                r.choice("explain", "reference_point", DEFAULT_REFERENCE_POINT.configName()),
                r.positiveInt("explain", "ig_steps", 32),
                r.choice("explain", "ig_baseline", "black"), r.positiveInt("explain", "smoothgrad_samples", 16),
                noise, r.positiveInt("explain", "batch_size", 8));
        double sigma = r.number("display", "smoothing_sigma", 0.0);
        if (!(sigma >= 0)) {
            throw new ConfigException(source + ": [display] smoothing_sigma must be >= 0, got " + sigma);
        }
        RunConfig.Display display = new RunConfig.Display(r.choice("display", "reduction", "positive"), sigma);
        RunConfig.Run run = new RunConfig.Run(r.integer("run", "seed", 0), r.nonNegativeInt("run", "threads", 0),
                r.path("run", "cache", null));
        return new RunConfig(data, backbone, readout, explain, display, run);
    }

    /**
     * A {@code [backbone] model} that names a file (it ends in {@code .pt}, {@code .pth},
     * {@code .torchscript} or {@code .json}, or contains a path separator) resolves against the config
     * file's folder like every other path; a bundled name or a {@code zoo:} name is kept as is.
     */
    static String modelPath(String model, Path base) {
        String lower = model.toLowerCase(Locale.ROOT);
        boolean file = lower.endsWith(".pt") || lower.endsWith(".pth") || lower.endsWith(".torchscript")
                || lower.endsWith(".json") || model.contains("/") || model.contains("\\");
        if (!file || base == null || lower.startsWith("zoo:")) {
            return model;
        }
        return base.resolve(model).normalize().toString();
    }

    /**
     * A preprocessing override: present when any of its keys is; missing keys default to the
     * torchvision ImageNet convention.
     */
    private static Preprocessing preprocessing(Reader r, JsonNode root, String source) {
        JsonNode b = root.get("backbone");
        boolean any = false;
        for (String k : List.of("input_size", "resize", "stretch", "value_scale", "mean", "std")) {
            any |= b != null && b.has(k);
        }
        if (!any) {
            return null;
        }
        Preprocessing d = Preprocessing.imagenet();
        double[] size = r.doubles("backbone", "input_size", new double[] {d.height(), d.width()});
        if (size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw new ConfigException(source + ": [backbone] input_size must be [height, width] in pixels");
        }
        double[] mean = r.doubles("backbone", "mean", toDoubles(d.mean()));
        double[] std = r.doubles("backbone", "std", toDoubles(d.std()));
        if (mean.length != 3 || std.length != 3) {
            throw new ConfigException(source + ": [backbone] mean and std need 3 values (R, G, B)");
        }
        for (double v : std) {
            if (!(v > 0)) {
                throw new ConfigException(source + ": [backbone] std values must be > 0");
            }
        }
        return new Preprocessing(r.nonNegativeInt("backbone", "resize", 0), (int) size[0], (int) size[1],
                r.bool("backbone", "stretch", false), (float) r.number("backbone", "value_scale", 1.0 / 255.0),
                Floats.of(mean), Floats.of(std));
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** Typed access to the TOML tree with messages that name the key. */
    private record Reader(JsonNode root, Path base, String source) {
        JsonNode node(String section, String key) {
            JsonNode s = root.get(section);
            return s == null ? null : s.get(key);
        }

        String where(String section, String key) {
            return source + ": [" + section + "] " + key;
        }

        String string(String section, String key, String dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt;
            }
            if (!n.isTextual()) {
                throw new ConfigException(where(section, key) + " must be a string in quotes, got " + n);
            }
            return n.asText();
        }

        String choice(String section, String key, String dflt) {
            String v = string(section, key, dflt);
            List<String> ok = CHOICES.get(section + "." + key);
            String norm = v.toLowerCase(Locale.ROOT).replace('-', '_');
            if (!ok.contains(norm)) {
                throw new ConfigException(where(section, key) + " = \"" + v + "\" is not valid; accepted: " + ok);
            }
            return norm;
        }

        Path path(String section, String key, Path dflt) {
            String v = string(section, key, null);
            return v == null ? dflt : base.resolve(v).normalize();
        }

        boolean bool(String section, String key, boolean dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt;
            }
            if (!n.isBoolean()) {
                throw new ConfigException(where(section, key) + " must be true or false, got " + n);
            }
            return n.asBoolean();
        }

        double number(String section, String key, double dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt;
            }
            if (!n.isNumber()) {
                throw new ConfigException(where(section, key) + " must be a number, got " + n);
            }
            return n.asDouble();
        }

        long integer(String section, String key, long dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt;
            }
            if (!n.isIntegralNumber()) {
                throw new ConfigException(where(section, key) + " must be a whole number, got " + n);
            }
            return n.asLong();
        }

        int positiveInt(String section, String key, int dflt) {
            long v = integer(section, key, dflt);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new ConfigException(where(section, key) + " must be a whole number >= 1, got " + v);
            }
            return (int) v;
        }

        int nonNegativeInt(String section, String key, int dflt) {
            long v = integer(section, key, dflt);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new ConfigException(where(section, key) + " must be a whole number >= 0, got " + v);
            }
            return (int) v;
        }

        double[] doubles(String section, String key, double[] dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt;
            }
            if (!n.isArray()) {
                throw new ConfigException(where(section, key) + " must be a list of numbers like [1.0, 10.0]");
            }
            double[] out = new double[n.size()];
            for (int i = 0; i < n.size(); i++) {
                if (!n.get(i).isNumber()) {
                    throw new ConfigException(where(section, key) + " must hold numbers only, got " + n.get(i));
                }
                out[i] = n.get(i).asDouble();
            }
            return out;
        }

        List<String> strings(String section, String key) {
            JsonNode n = node(section, key);
            if (n == null) {
                return List.of();
            }
            if (!n.isArray()) {
                throw new ConfigException(where(section, key) + " must be a list of strings like [\"n1\", \"n2\"]");
            }
            Set<String> out = new LinkedHashSet<>();
            for (JsonNode e : n) {
                out.add(e.asText());
            }
            return List.copyOf(new ArrayList<>(out));
        }
    }

    /** @return a commented example configuration listing every key with its default */
    public static String exampleToml() {
        return """
                # sharedvis run configuration. Every key is optional unless marked "required".
                # Relative paths resolve against this file's folder. Run: sharedvis run THIS.toml --out DIR

                [data]
                stimuli = "stimuli"            # required: a folder with one sub-folder per category,
                                               # or a CSV manifest with columns image,category[,stimulus_id]
                responses = "responses.npy"    # required: .npy/.npz [images, neurons(, repeats)], CSV wide or long
                                               # (stimulus_id,neuron,repeat,response), .mat (v5/v7.3), .h5, .nwb
                preferred = "body"             # required: the neurons' preferred category
                # variable = "responses"       # dataset/variable name inside .npz/.mat/.h5 (default: detect)
                window = [0.05, 0.25]          # NWB: spike-count window after onset, seconds
                rates = false                  # NWB: spikes per second instead of counts
                stimulus_id_column = "stimulus_id"  # NWB: trials/intervals column holding stimulus ids
                neurons = []                   # only these neuron ids (empty: all)
                outside_paths = false          # manifest: allow image paths outside the manifest's folder
                                               # (absolute or leaving it with ../); off, a manifest cannot
                                               # make sharedvis open files elsewhere

                [backbone]
                model = "movenet-thunder"      # bundled: movenet-thunder, movenet-lightning, centernet;
                                               # or a TorchScript .pt file, or a TF.js model.json
                # layer = "..."                # the node to cut at (sharedvis backbones --model M --layers)
                pooling = "average"            # none | average (spatial mean per channel)
                device = "cpu"                 # cpu | cuda | cuda:N | auto
                batch_size = 16                # images per forward pass during extraction
                # Preprocessing override (bundled models declare their own; a TorchScript file defaults to
                # torchvision's ImageNet convention). Give any of these to override:
                # input_size = [224, 224]      # [height, width] the network takes
                # resize = 256                 # shorter side before the centre crop (0: only as far as needed)
                # stretch = false              # resize straight to input_size, ignoring aspect ratio
                # value_scale = 0.00392156862  # multiplies 0..255 pixel values (1/255)
                # mean = [0.485, 0.456, 0.406] # subtracted per channel after scaling
                # std = [0.229, 0.224, 0.225]  # divides per channel

                [readout]
                alphas = [0.01, 0.1, 1, 10, 100, 1000, 10000, 100000]   # ridge penalties, chosen per neuron by CV
                folds = 5                      # cross-validation folds on the preferred images
                standardize = false            # divide features by their training std (no centring)
                pca = 0                        # keep this many principal components (0 = off)

                [explain]
                top_k = 5                      # ooc images explained per neuron (highest recorded response)
                top_m = 3                      # reference candidates listed per ooc image
                top_q = 1.0                    # references only from the neuron's top-q fraction of preferred images
                method = "gradient"            # gradient | integrated_gradients | smoothgrad
                {WEIGHTING}# paper: w^2 f(a) f(b), L1-normalised (the paper's) | both_above:
                                               #   only dimensions where both images lie above the reference
                                               #   point | signed: w f(a) f(b) | excitatory: w > 0 only |
                                               #   readout: v = w, the single-image gradient of the prediction
                {REFPOINT}# what "shared" is relative to: f - c (the paper: none) |
                                               #   preferred_mean | stimulus_mean | zscore
                ig_steps = 32                  # Integrated Gradients steps
                ig_baseline = "black"          # black | zero (preprocessed zeros: the mean colour for ImageNet models)
                smoothgrad_samples = 16        # SmoothGrad noisy copies
                smoothgrad_noise = 0.15        # SmoothGrad noise std, fraction of the input value range
                batch_size = 8                 # images per backward pass: the memory knob

                [display]
                reduction = "positive"         # positive (positive part of channel sum) | abs | l2
                smoothing_sigma = 0.0          # Gaussian smoothing of displayed maps, pixels

                [run]
                seed = 0                       # folds, splits and noise
                threads = 0                    # engine CPU threads (0: engine default)
                # cache = ".sharedvis-cache"   # feature cache (default: DIR/cache)
                """.replace("{WEIGHTING}", entry("weighting", DEFAULT_WEIGHTING.configName()))
                .replace("{REFPOINT}", entry("reference_point", DEFAULT_REFERENCE_POINT.configName()));
    }

    /**
     * @param s any text
     * @return a TOML basic string: quoted, with quotes, backslashes and control characters escaped, so
     *     that any path or id survives a config written by code
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** {@code key = "value"} padded to the comment column of {@link #exampleToml()}. */
    private static String entry(String key, String value) {
        String kv = key + " = \"" + value + "\"";
        return kv + " ".repeat(Math.max(1, 31 - kv.length()));
    }
}
