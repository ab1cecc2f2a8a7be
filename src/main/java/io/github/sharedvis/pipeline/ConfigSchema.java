package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.util.Floats;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The one home of every config key (issue 12): each {@link RunConfig} section record component is bound
 * here to its TOML key (named by Jackson's snake_case strategy from the component), its type and checks,
 * and the comment {@code sharedvis init} writes next to it. Defaults live in {@link RunConfig#defaults()}.
 * Reading ({@link ConfigLoader}), the TOML writer, {@code run.json}'s {@code config} entry
 * ({@link ConfigMaps}), the per-section canonical JSON ({@link RunConfig#sectionJson}) and the example
 * ({@link ConfigLoader#exampleToml()}) all walk {@link #FIELDS}; a record component without a field here
 * fails this class's initialisation, so a new key cannot be left out of any of them.
 */
final class ConfigSchema {
    private ConfigSchema() {}

    /** Compact JSON for {@link RunConfig#sectionJson}. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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

    /** The binding of record components to TOML keys. */
    abstract static class Field {
        final String section;
        final List<String> components;
        final List<Key> keys;

        Field(String section, List<String> components, List<Key> keys) {
            this.section = section;
            this.components = components;
            this.keys = keys;
        }

        /** Reads the components' values into {@code out} (component name to value). */
        abstract void read(Reader r, Record defaults, Map<String, Object> out);

        /** Adds this field's {@code run.json} entries. */
        abstract void json(Record value, Map<String, Object> out);

        /** Adds key to TOML value text; keys without a value (null) are left out. */
        abstract void toml(Record value, Map<String, String> out);
    }

    /** One component, one key. */
    static final class Simple extends Field {
        final Kind kind;
        final Function<Object, String> check;

        Simple(String section, String component, Kind kind, Function<Object, String> check, Key key) {
            super(section, List.of(component), List.of(key));
            this.kind = kind;
            this.check = check;
        }

        String key() {
            return keys.get(0).name();
        }

        @Override
        void read(Reader r, Record defaults, Map<String, Object> out) {
            Object d = get(defaults, components.get(0));
            String k = key();
            Object v = switch (kind) {
                case STRING -> r.string(section, k, (String) d);
                case REQUIRED_PATH, PATH -> r.path(section, k, (java.nio.file.Path) d);
                case MODEL -> ConfigLoader.modelPath(r.string(section, k, (String) d), r.base());
                case CHOICE -> r.choice(section, k, (String) d);
                case BOOL -> r.bool(section, k, (Boolean) d);
                case NUMBER -> r.number(section, k, (Double) d);
                case LONG -> r.integer(section, k, (Long) d);
                case POSITIVE -> r.positiveInt(section, k, (Integer) d);
                case NON_NEGATIVE -> r.nonNegativeInt(section, k, (Integer) d);
                case DOUBLES -> r.doubles(section, k, ((double[]) d).clone());
                case STRINGS -> r.strings(section, k, (List<?>) d);
            };
            String problem = check == null ? null : check.apply(v);
            if (problem != null) {
                throw new ConfigException(r.where(section, k) + " " + problem);
            }
            out.put(components.get(0), v);
        }

        @Override
        void json(Record value, Map<String, Object> out) {
            Object v = get(value, components.get(0));
            out.put(key(), switch (kind) {
                case REQUIRED_PATH -> String.valueOf(v);
                case PATH -> v == null ? null : v.toString();
                case DOUBLES -> Arrays.stream((double[]) v).boxed().toList();
                default -> v;
            });
        }

        @Override
        void toml(Record value, Map<String, String> out) {
            Object v = get(value, components.get(0));
            if (v != null) {
                out.put(key(), switch (kind) {
                    case STRING, REQUIRED_PATH, PATH, MODEL, CHOICE -> ConfigLoader.quote(v.toString());
                    case NUMBER -> number((Double) v);
                    case DOUBLES -> numbers((double[]) v);
                    case STRINGS -> strings((List<?>) v);
                    default -> v.toString();
                });
            }
        }
    }

    /** {@code [data] window = [start, end]}: two components, one key. */
    static final class Window extends Field {
        Window(Key key) {
            super("data", List.of("windowStart", "windowEnd"), List.of(key));
        }

        @Override
        void read(Reader r, Record defaults, Map<String, Object> out) {
            RunConfig.Data d = (RunConfig.Data) defaults;
            double[] w = r.doubles("data", "window", new double[] {d.windowStart(), d.windowEnd()});
            if (w.length != 2 || !(w[1] > w[0])) {
                throw new ConfigException(r.source()
                        + ": [data] window must be [start, end] in seconds with end > start");
            }
            out.put("windowStart", w[0]);
            out.put("windowEnd", w[1]);
        }

        @Override
        void json(Record value, Map<String, Object> out) {
            RunConfig.Data d = (RunConfig.Data) value;
            out.put("window", new double[] {d.windowStart(), d.windowEnd()});
        }

        @Override
        void toml(Record value, Map<String, String> out) {
            RunConfig.Data d = (RunConfig.Data) value;
            out.put("window", numbers(new double[] {d.windowStart(), d.windowEnd()}));
        }
    }

    /**
     * {@code [backbone] preprocessing}: one component, six keys; an override only when any of them is
     * given, missing ones taking the torchvision ImageNet convention (and {@code resize = 0}).
     */
    static final class PreprocessingField extends Field {
        static final List<String> NAMES = List.of("input_size", "resize", "stretch", "value_scale", "mean", "std");

        PreprocessingField(List<Key> keys) {
            super("backbone", List.of("preprocessing"), keys);
            if (!keys.stream().map(Key::name).toList().equals(NAMES)) {
                throw new IllegalStateException("preprocessing keys: " + keys);
            }
        }

        @Override
        void read(Reader r, Record defaults, Map<String, Object> out) {
            JsonNode b = r.root().get("backbone");
            boolean any = false;
            for (String k : NAMES) {
                any |= b != null && b.has(k);
            }
            if (!any) {
                out.put("preprocessing", ((RunConfig.Backbone) defaults).preprocessing());
                return;
            }
            String source = r.source();
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
            out.put("preprocessing", new Preprocessing(r.nonNegativeInt("backbone", "resize", 0), (int) size[0],
                    (int) size[1], r.bool("backbone", "stretch", false),
                    (float) r.number("backbone", "value_scale", 1.0 / 255.0), Floats.of(mean), Floats.of(std)));
        }

        @Override
        void json(Record value, Map<String, Object> out) {
            Preprocessing p = ((RunConfig.Backbone) value).preprocessing();
            if (p != null) {
                out.put("preprocessing", p.key());
            }
        }

        @Override
        void toml(Record value, Map<String, String> out) {
            Preprocessing p = ((RunConfig.Backbone) value).preprocessing();
            if (p != null) {
                out.put("input_size", "[" + p.height() + ", " + p.width() + "]");
                out.put("resize", Integer.toString(p.resizeShorter()));
                out.put("stretch", Boolean.toString(p.stretch()));
                out.put("value_scale", Float.toString(p.scale()));
                out.put("mean", floats(p.mean()));
                out.put("std", floats(p.std()));
            }
        }
    }

    // ------------------------------------------------------------------ the declarations

    /** Every field, in file order; the comments are what {@code sharedvis init} writes. */
    static final List<Field> FIELDS = new ArrayList<>();

    private static void simple(String section, String component, Kind kind, String example, boolean commented,
            Function<Object, String> check, String... doc) {
        simpleLed(section, component, kind, example, commented, check, List.of(), doc);
    }

    private static void simpleLed(String section, String component, Kind kind, String example, boolean commented,
            Function<Object, String> check, List<String> lead, String... doc) {
        FIELDS.add(new Simple(section, component, kind, check,
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
        FIELDS.add(new Window(new Key("window", null, false,
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
                "bundled: movenet-thunder, movenet-lightning, centernet;",
                "or a TorchScript .pt file, or a TF.js model.json");
        simple("backbone", "layer", Kind.STRING, "\"...\"", true, null,
                "the node to cut at (sharedvis backbones --model M --layers)");
        simple("backbone", "pooling", Kind.CHOICE, null, false, null, "none | average (spatial mean per channel)");
        simple("backbone", "device", Kind.STRING, null, false, null, "cpu | cuda | cuda:N | auto");
        simple("backbone", "batchSize", Kind.POSITIVE, null, false, null,
                "images per forward pass during extraction");
        FIELDS.add(new PreprocessingField(List.of(
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
        simple("readout", "folds", Kind.POSITIVE, null, false, v -> (Integer) v < 2 ? "must be >= 2, got " + v : null,
                "cross-validation folds on the preferred images");
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
        for (Field f : FIELDS) {
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
        for (Field f : FIELDS) {
            if (f instanceof Simple simple) {
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
        for (Field f : FIELDS) {
            for (Key k : f.keys) {
                if (!seen.add(f.section + "." + k.name())) {
                    throw new IllegalStateException("config key declared twice: " + f.section + "." + k.name());
                }
            }
        }
    }

    static List<Field> fields(String section) {
        return FIELDS.stream().filter(f -> f.section.equals(section)).toList();
    }

    static String snake(String component) {
        return new PropertyNamingStrategies.SnakeCaseStrategy().translate(component);
    }

    // ------------------------------------------------------------------ the walks

    /** Reads every section (the keys have been checked against {@link #KEYS}). */
    static RunConfig read(Reader r, RunConfig defaults) {
        Record[] sections = new Record[SECTIONS.size()];
        int i = 0;
        for (Map.Entry<String, Class<? extends Record>> s : SECTIONS.entrySet()) {
            Record d = section(defaults, s.getKey());
            Map<String, Object> values = new LinkedHashMap<>();
            for (Field f : fields(s.getKey())) {
                f.read(r, d, values);
            }
            sections[i++] = construct(s.getValue(), values);
        }
        return (RunConfig) construct(RunConfig.class, sections);
    }

    /** {@code run.json}'s {@code config} entry: section to key to value. */
    static Map<String, Object> toMap(RunConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : SECTIONS.keySet()) {
            m.put(s, sectionMap(c, s));
        }
        return m;
    }

    static Map<String, Object> sectionMap(RunConfig c, String section) {
        if (!SECTIONS.containsKey(section)) {
            throw new IllegalArgumentException("no config section [" + section + "]; sections: "
                    + SECTIONS.keySet());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Record value = section(c, section);
        for (Field f : fields(section)) {
            f.json(value, out);
        }
        return out;
    }

    /** Section to key to TOML value text, every key with a value. */
    static Map<String, Map<String, String>> tomlValues(RunConfig c) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (String s : SECTIONS.keySet()) {
            Map<String, String> keys = new LinkedHashMap<>();
            Record value = section(c, s);
            for (Field f : fields(s)) {
                f.toml(value, keys);
            }
            m.put(s, keys);
        }
        return m;
    }

    /** See {@link RunConfig#with}. */
    static RunConfig with(RunConfig c, String key, Object value) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot);
        String name = key.substring(dot + 1);
        Field field = !SECTIONS.containsKey(section) ? null : fields(section).stream()
                .filter(f -> f.keys.stream().anyMatch(k -> k.name().equals(name)) || f.components.equals(
                        List.of(name))).findFirst().orElse(null);
        if (field == null) {
            throw new IllegalArgumentException("no config key " + key + "; keys: " + KEYS);
        }
        Record old = section(c, section);
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent rc : old.getClass().getRecordComponents()) {
            values.put(rc.getName(), get(old, rc.getName()));
        }
        if (field instanceof Window) {
            double[] w = (double[]) value;
            values.put("windowStart", w[0]);
            values.put("windowEnd", w[1]);
        } else if (field instanceof PreprocessingField && !name.equals("preprocessing")) {
            throw new IllegalArgumentException(key + ": set backbone.preprocessing as a whole (a Preprocessing)");
        } else {
            values.put(field.components.get(0), value);
        }
        return replace(c, section, values);
    }

    private static RunConfig replace(RunConfig c, String section, Map<String, Object> values) {
        Record[] sections = new Record[SECTIONS.size()];
        int i = 0;
        for (Map.Entry<String, Class<? extends Record>> s : SECTIONS.entrySet()) {
            sections[i++] = s.getKey().equals(section) ? construct(s.getValue(), values) : section(c, s.getKey());
        }
        return (RunConfig) construct(RunConfig.class, sections);
    }

    static Record section(RunConfig c, String section) {
        return (Record) get(c, section);
    }

    static Object get(Record r, String component) {
        try {
            return r.getClass().getMethod(component).invoke(r);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Record construct(Class<? extends Record> type, Map<String, Object> values) {
        RecordComponent[] rc = type.getRecordComponents();
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            args[i] = values.get(rc[i].getName());
        }
        return construct(type, args);
    }

    private static Record construct(Class<? extends Record> type, Object[] args) {
        RecordComponent[] rc = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new);
        try {
            Constructor<? extends Record> k = type.getDeclaredConstructor(types);
            return k.newInstance(args);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(type.getSimpleName() + ": a value of the wrong type in "
                    + Arrays.toString(args), e);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ TOML value text

    /** A TOML float: {@code 4.0}, {@code 1.0E7}, {@code inf}, {@code nan}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /** A list of numbers, whole ones without {@code .0}: {@code [0.01, 1, 10]}. */
    static String numbers(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ");
            double x = v[i];
            b.append(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : number(x));
        }
        return b.append(']').toString();
    }

    private static String floats(float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Float.isFinite(v[i]) ? Float.toString(v[i]) : number(v[i]));
        }
        return b.append(']').toString();
    }

    private static String strings(List<?> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(ConfigLoader.quote(String.valueOf(v.get(i))));
        }
        return b.append(']').toString();
    }

    static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    // ------------------------------------------------------------------ typed access

    /** Typed access to the TOML tree with messages that name the key. */
    record Reader(JsonNode root, java.nio.file.Path base, String source) {
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
            List<String> ok = ConfigLoader.CHOICES.get(section + "." + key);
            String norm = v.toLowerCase(Locale.ROOT).replace('-', '_');
            if (!ok.contains(norm)) {
                throw new ConfigException(where(section, key) + " = \"" + v + "\" is not valid; accepted: " + ok);
            }
            return norm;
        }

        java.nio.file.Path path(String section, String key, java.nio.file.Path dflt) {
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

        List<String> strings(String section, String key, List<?> dflt) {
            JsonNode n = node(section, key);
            if (n == null) {
                return dflt.stream().map(String::valueOf).toList();
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
}
