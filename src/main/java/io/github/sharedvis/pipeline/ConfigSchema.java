package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one home of every config key (issue 12): each {@link RunConfig} section record component is bound
 * here to its TOML key (named by Jackson's snake_case strategy from the component), its type and checks,
 * and the comment {@code sharedvis init} writes next to it. Defaults live in {@link RunConfig#defaults()}.
 * Reading ({@link ConfigLoader}), the TOML writer, {@code run.json}'s {@code config} entry
 * ({@link ConfigWalks#toMap}), the per-section canonical JSON ({@link RunConfig#sectionJson}) and the example
 * ({@link ConfigLoader#exampleToml()}) all walk {@link #FIELDS}; a record component without a field here
 * fails this class's initialisation, so a new key cannot be left out of any of them.
 *
 * <p>This class is the declarations table only: how a declared field binds its keys is
 * {@link ConfigField}, the walks over the table are {@link ConfigWalks}, typed reading with messages
 * naming the key is {@link ConfigReader}, and the TOML value spelling is {@link TomlText}.
 */
final class ConfigSchema {
    private ConfigSchema() {}

    /** The sections in file order, with their records. */
    static final Map<String, Class<? extends Record>> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("data", RunConfig.Data.class);
        SECTIONS.put("backbone", RunConfig.Backbone.class);
        SECTIONS.put("readout", RunConfig.Readout.class);
        SECTIONS.put("explain", RunConfig.Explain.class);
        SECTIONS.put("display", RunConfig.Display.class);
        SECTIONS.put("run", RunConfig.Run.class);
    }

    /** How a value is read, checked and written. */
    enum Kind {
        /** a string, or null */
        STRING(String.class),
        /** a path, resolved against the config folder; {@code run.json} shows a missing one as "null" */
        REQUIRED_PATH(java.nio.file.Path.class),
        /** a path, resolved against the config folder, or null */
        PATH(java.nio.file.Path.class),
        /** a model name or file ({@link ConfigLoader#modelPath}) */
        MODEL(String.class),
        /** one of {@link ConfigLoader#CHOICES}, normalised to lower case with underscores */
        CHOICE(String.class),
        BOOL(boolean.class),
        NUMBER(double.class),
        LONG(long.class),
        POSITIVE(int.class),
        NON_NEGATIVE(int.class),
        DOUBLES(double[].class),
        STRINGS(List.class);

        /** the record component's type */
        final Class<?> type;

        Kind(Class<?> type) {
            this.type = type;
        }
    }

    /**
     * One TOML key as {@code sharedvis init} shows it.
     *
     * @param name the key
     * @param example the value shown, as TOML text, or null to show the default
     * @param commented whether the example line is commented out (optional keys without a default value)
     * @param doc the comment lines after the value
     * @param lead comment lines before the key
     */
    record Key(String name, String example, boolean commented, List<String> doc, List<String> lead) {}

    /** Every field, in file order; the comments are what {@code sharedvis init} writes. */
    static final List<ConfigField> FIELDS = new ArrayList<>();

    private static void simple(String section, String component, Kind kind, String example, boolean commented,
            Function<Object, String> check, String... doc) {
        simpleLed(section, component, kind, example, commented, check, List.of(), doc);
    }

    private static void simpleLed(String section, String component, Kind kind, String example, boolean commented,
            Function<Object, String> check, List<String> lead, String... doc) {
        FIELDS.add(new ConfigField.Simple(section, component, kind, check,
                new Key(snake(component), example, commented, List.of(doc), lead)));
    }

    private static Key key(String name, String example, String... doc) {
        return new Key(name, example, true, List.of(doc), List.of());
    }

    static {
        simple("data", "stimuli", Kind.REQUIRED_PATH, "\"stimuli\"", false, null,
                "required: a folder with one sub-folder per category,",
                "or a CSV manifest with columns image,category[,stimulus_id]");
        simple("data", "responses", Kind.REQUIRED_PATH, "\"responses.npy\"", false, null,
                "required: .npy/.npz [images, neurons(, repeats)], CSV wide or long",
                "(stimulus_id,neuron,repeat,response), .mat (v5/v7.3), .h5, .nwb");
        simple("data", "preferred", Kind.STRING, "\"body\"", false, null,
                "required: the neurons' preferred category");
        simple("data", "variable", Kind.STRING, "\"responses\"", true, null,
                "dataset/variable name inside .npz/.mat/.h5 (default: detect)");
        FIELDS.add(new ConfigField.Window(new Key("window", null, false,
                List.of("NWB: spike-count window after onset, seconds"), List.of())));
        simple("data", "rates", Kind.BOOL, null, false, null, "NWB: spikes per second instead of counts");
        simple("data", "stimulusIdColumn", Kind.STRING, null, false, null,
                "NWB: trials/intervals column holding stimulus ids");
        simple("data", "neurons", Kind.STRINGS, null, false, null, "only these neuron ids (empty: all)");
        simple("data", "outsidePaths", Kind.BOOL, null, false, null,
                "manifest: allow image paths outside the manifest's folder",
                "(absolute or leaving it with ../); off, a manifest cannot",
                "make sharedvis open files elsewhere");

        simple("backbone", "model", Kind.MODEL, null, false, null,
                "bundled: movenet-thunder, movenet-lightning, centernet, faceres, mobilefacenet;",
                "or a TorchScript .pt file, or a TF.js model.json");
        simple("backbone", "layer", Kind.STRING, "\"...\"", true, null,
                "the node to cut at (sharedvis backbones --model M --layers)");
        simple("backbone", "pooling", Kind.CHOICE, null, false, null, "none | average (spatial mean per channel)");
        simple("backbone", "device", Kind.STRING, null, false, null, "cpu | cuda | cuda:N | auto");
        simple("backbone", "batchSize", Kind.POSITIVE, null, false, null,
                "images per forward pass during extraction");
        FIELDS.add(new ConfigField.PreprocessingField(List.of(
                new Key("input_size", "[224, 224]", true, List.of("[height, width] the network takes"), List.of(
                        "Preprocessing override (bundled models declare their own; a TorchScript file defaults to",
                        "torchvision's ImageNet convention). Give any of these to override:")),
                key("resize", "256", "shorter side before the centre crop (0: only as far as needed)"),
                key("stretch", "false", "resize straight to input_size, ignoring aspect ratio"),
                key("value_scale", "0.00392156862", "multiplies 0..255 pixel values (1/255)"),
                key("mean", "[0.485, 0.456, 0.406]", "subtracted per channel after scaling"),
                key("std", "[0.229, 0.224, 0.225]", "divides per channel"))));

        simple("readout", "alphas", Kind.DOUBLES, null, false, v -> {
            double[] a = (double[]) v;
            for (double x : a) {
                if (!(x > 0)) {
                    return "must all be > 0, got " + x;
                }
            }
            return a.length == 0 ? "must list at least one penalty" : null;
        }, "ridge penalties, chosen per neuron by CV");
        simple("readout", "cv", Kind.CHOICE, null, false, null,
                "kfold (folds below) | loo (leave-one-out, as scikit-learn's RidgeCV)");
        simple("readout", "folds", Kind.POSITIVE, null, false, v -> (Integer) v < 2 ? "must be >= 2, got " + v : null,
                "cross-validation folds on the preferred images (cv = kfold)");
        simple("readout", "standardize", Kind.BOOL, null, false, null,
                "divide features by their training std (no centring)");
        simple("readout", "pca", Kind.NON_NEGATIVE, null, false, null,
                "keep this many principal components (0 = off)");

        simple("explain", "topK", Kind.POSITIVE, null, false, null,
                "ooc images explained per neuron (highest recorded response)");
        simple("explain", "topM", Kind.POSITIVE, null, false, null, "reference candidates listed per ooc image");
        simple("explain", "topQ", Kind.NUMBER, null, false,
                v -> (Double) v > 0 && (Double) v <= 1 ? null : "must be in (0, 1], got " + v,
                "references only from the neuron's top-q fraction of preferred images");
        simple("explain", "method", Kind.CHOICE, null, false, null, "gradient | integrated_gradients | smoothgrad");
        simple("explain", "weighting", Kind.CHOICE, null, false, null,
                "paper: w^2 f(a) f(b), L1-normalised (the paper's) | both_above:",
                "  only dimensions where both images lie above the reference",
                "  point | signed: w f(a) f(b) | excitatory: w > 0 only |",
                "  readout: v = w, the single-image gradient of the prediction");
        simple("explain", "referencePoint", Kind.CHOICE, null, false, null,
                "what \"shared\" is relative to: f - c (the paper: none) |",
                "  preferred_mean | stimulus_mean | zscore");
        simple("explain", "igSteps", Kind.POSITIVE, null, false, null, "Integrated Gradients steps");
        simple("explain", "igBaseline", Kind.CHOICE, null, false, null,
                "black | zero (preprocessed zeros: the mean colour for ImageNet models)");
        simple("explain", "smoothgradSamples", Kind.POSITIVE, null, false, null, "SmoothGrad noisy copies");
        simple("explain", "smoothgradNoise", Kind.NUMBER, null, false,
                v -> (Double) v > 0 ? null : "must be > 0, got " + v,
                "SmoothGrad noise std, fraction of the input value range");
        simple("explain", "batchSize", Kind.POSITIVE, null, false, null,
                "images per backward pass: the memory knob");

        simple("display", "reduction", Kind.CHOICE, null, false, null,
                "positive (positive part of channel sum) | abs | l2");
        simple("display", "smoothingSigma", Kind.NUMBER, null, false,
                v -> (Double) v >= 0 ? null : "must be >= 0, got " + v,
                "Gaussian smoothing of displayed maps, pixels");
        simple("display", "overlayAlpha", Kind.NUMBER, null, false,
                v -> (Double) v >= 0 && (Double) v <= 1 ? null : "must be in [0, 1], got " + v,
                "opacity of the strongest map value over the image");

        simple("run", "seed", Kind.LONG, null, false, null, "folds, splits and noise");
        simple("run", "threads", Kind.NON_NEGATIVE, null, false, null, "engine CPU threads (0: engine default)");
        simple("run", "cache", Kind.PATH, "\".sharedvis-cache\"", true, null, "feature cache (default: DIR/cache)");
        verify();
    }

    /** The accepted keys per section, in file order (for the unknown-key message). */
    static final Map<String, List<String>> KEYS = new LinkedHashMap<>();

    static {
        for (String s : SECTIONS.keySet()) {
            KEYS.put(s, fields(s).stream().flatMap(f -> f.keys.stream()).map(Key::name).toList());
        }
    }

    /** Every record component is bound exactly once, sections in order; simple keys are snake_case names. */
    private static void verify() {
        List<String> top = Arrays.stream(RunConfig.class.getRecordComponents())
                .map(rc -> rc.getName() + ":" + rc.getType().getName()).toList();
        List<String> sections = SECTIONS.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().getName())
                .toList();
        if (!top.equals(sections)) {
            throw new IllegalStateException("ConfigSchema.SECTIONS must list RunConfig's components: " + top);
        }
        List<String> declared = new ArrayList<>();
        for (ConfigField f : FIELDS) {
            if (!SECTIONS.containsKey(f.section)) {
                throw new IllegalStateException("config field in unknown section " + f.section);
            }
            f.components.forEach(c -> declared.add(f.section + "." + c));
        }
        List<String> components = new ArrayList<>();
        SECTIONS.forEach((s, type) -> {
            for (RecordComponent rc : type.getRecordComponents()) {
                components.add(s + "." + rc.getName());
            }
        });
        if (!declared.equals(components)) {
            throw new IllegalStateException("ConfigSchema.FIELDS must bind every RunConfig component once, in"
                    + " order:\n  components " + components + "\n  bound      " + declared);
        }
        Set<String> choices = new LinkedHashSet<>();
        for (ConfigField f : FIELDS) {
            if (f instanceof ConfigField.Simple simple) {
                Class<?> type = simple.kind.type;
                for (RecordComponent rc : SECTIONS.get(f.section).getRecordComponents()) {
                    if (rc.getName().equals(simple.components.get(0)) && rc.getType() != type) {
                        throw new IllegalStateException("config key " + f.section + "." + simple.key() + " is "
                                + simple.kind + " but its component is a " + rc.getType());
                    }
                }
                if (simple.kind == Kind.CHOICE) {
                    choices.add(f.section + "." + simple.key());
                }
            }
        }
        if (!choices.equals(ConfigLoader.CHOICES.keySet())) {
            throw new IllegalStateException("CHOICE keys " + choices + " must be ConfigLoader.CHOICES' keys "
                    + ConfigLoader.CHOICES.keySet());
        }
        Set<String> seen = new LinkedHashSet<>();
        for (ConfigField f : FIELDS) {
            for (Key k : f.keys) {
                if (!seen.add(f.section + "." + k.name())) {
                    throw new IllegalStateException("config key declared twice: " + f.section + "." + k.name());
                }
            }
        }
    }

    static List<ConfigField> fields(String section) {
        return FIELDS.stream().filter(f -> f.section.equals(section)).toList();
    }

    static String snake(String component) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(component);
    }
}
