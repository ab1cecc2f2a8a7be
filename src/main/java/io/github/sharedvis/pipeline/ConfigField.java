package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.pipeline.ConfigSchema.Key;
import io.github.sharedvis.pipeline.ConfigSchema.Kind;
import io.github.sharedvis.util.Floats;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The binding of {@link RunConfig} section record components to TOML keys, declared in
 * {@link ConfigSchema#FIELDS}: how a field's keys are read ({@link ConfigReader}), shown in
 * {@code run.json} and written as TOML. Most fields are {@link Simple} (one component, one key); the two
 * that are not are spelled out as their own classes rather than special cases in every walk.
 */
abstract class ConfigField {
    final String section;
    final List<String> components;
    final List<Key> keys;

    ConfigField(String section, List<String> components, List<Key> keys) {
        this.section = section;
        this.components = components;
        this.keys = keys;
    }

    /** Reads the components' values into {@code out} (component name to value). */
    abstract void read(ConfigReader r, Record defaults, Map<String, Object> out);

    /** Adds this field's {@code run.json} entries. */
    abstract void json(Record value, Map<String, Object> out);

    /** Adds key to TOML value text; keys without a value (null) are left out. */
    abstract void toml(Record value, Map<String, String> out);

    /** One component, one key. */
    static final class Simple extends ConfigField {
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
        void read(ConfigReader r, Record defaults, Map<String, Object> out) {
            Object d = ConfigWalks.get(defaults, components.get(0));
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
            Object v = ConfigWalks.get(value, components.get(0));
            out.put(key(), switch (kind) {
                case REQUIRED_PATH -> String.valueOf(v);
                case PATH -> v == null ? null : v.toString();
                case DOUBLES -> Arrays.stream((double[]) v).boxed().toList();
                default -> v;
            });
        }

        @Override
        void toml(Record value, Map<String, String> out) {
            Object v = ConfigWalks.get(value, components.get(0));
            if (v != null) {
                out.put(key(), switch (kind) {
                    case STRING, REQUIRED_PATH, PATH, MODEL, CHOICE -> TomlText.quote(v.toString());
                    case NUMBER -> TomlText.number((Double) v);
                    case DOUBLES -> TomlText.numbers((double[]) v);
                    case STRINGS -> TomlText.strings((List<?>) v);
                    default -> v.toString();
                });
            }
        }
    }

    /** {@code [data] window = [start, end]}: two components, one key. */
    static final class Window extends ConfigField {
        Window(Key key) {
            super("data", List.of("windowStart", "windowEnd"), List.of(key));
        }

        @Override
        void read(ConfigReader r, Record defaults, Map<String, Object> out) {
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
            out.put("window", TomlText.numbers(new double[] {d.windowStart(), d.windowEnd()}));
        }
    }

    /**
     * {@code [backbone] preprocessing}: one component, six keys; an override only when any of them is
     * given, missing ones taking the torchvision ImageNet convention (and {@code resize = 0}).
     */
    static final class PreprocessingField extends ConfigField {
        static final List<String> NAMES = List.of("input_size", "resize", "stretch", "value_scale", "mean", "std");

        PreprocessingField(List<Key> keys) {
            super("backbone", List.of("preprocessing"), keys);
            if (!keys.stream().map(Key::name).toList().equals(NAMES)) {
                throw new IllegalStateException("preprocessing keys: " + keys);
            }
        }

        @Override
        void read(ConfigReader r, Record defaults, Map<String, Object> out) {
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
                out.put("mean", TomlText.floats(p.mean()));
                out.put("std", TomlText.floats(p.std()));
            }
        }
    }

    private static double[] toDoubles(float[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
