package io.github.sharedvis.pipeline;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The walks over {@link ConfigSchema#FIELDS}: reading a TOML tree into a {@link RunConfig},
 * {@code run.json}'s {@code config} entry, the TOML value text and {@link RunConfig#with}. Each walks
 * the declarations instead of naming keys, so a key declared once is read, shown and written everywhere;
 * the section records are taken apart and rebuilt by reflection for the same reason.
 */
final class ConfigWalks {
    private ConfigWalks() {}

    /** Compact JSON for {@link RunConfig#sectionJson}. */
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** Reads every section (the keys have been checked against {@link ConfigSchema#KEYS}). */
    static RunConfig read(ConfigReader r, RunConfig defaults) {
        Record[] sections = new Record[ConfigSchema.SECTIONS.size()];
        int i = 0;
        for (Map.Entry<String, Class<? extends Record>> s : ConfigSchema.SECTIONS.entrySet()) {
            Record d = section(defaults, s.getKey());
            Map<String, Object> values = new LinkedHashMap<>();
            for (ConfigField f : ConfigSchema.fields(s.getKey())) {
                f.read(r, d, values);
            }
            sections[i++] = construct(s.getValue(), values);
        }
        return (RunConfig) construct(RunConfig.class, sections);
    }

    /** {@code run.json}'s {@code config} entry: section to key to value. */
    static Map<String, Object> toMap(RunConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String s : ConfigSchema.SECTIONS.keySet()) {
            m.put(s, sectionMap(c, s));
        }
        return m;
    }

    static Map<String, Object> sectionMap(RunConfig c, String section) {
        if (!ConfigSchema.SECTIONS.containsKey(section)) {
            throw new IllegalArgumentException("no config section [" + section + "]; sections: "
                    + ConfigSchema.SECTIONS.keySet());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        Record value = section(c, section);
        for (ConfigField f : ConfigSchema.fields(section)) {
            f.json(value, out);
        }
        return out;
    }

    /** Section to key to TOML value text, every key with a value. */
    static Map<String, Map<String, String>> tomlValues(RunConfig c) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        for (String s : ConfigSchema.SECTIONS.keySet()) {
            Map<String, String> keys = new LinkedHashMap<>();
            Record value = section(c, s);
            for (ConfigField f : ConfigSchema.fields(s)) {
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
        ConfigField field = !ConfigSchema.SECTIONS.containsKey(section) ? null : ConfigSchema.fields(section).stream()
                .filter(f -> f.keys.stream().anyMatch(k -> k.name().equals(name)) || f.components.equals(
                        List.of(name))).findFirst().orElse(null);
        if (field == null) {
            throw new IllegalArgumentException("no config key " + key + "; keys: " + ConfigSchema.KEYS);
        }
        Record old = section(c, section);
        Map<String, Object> values = new LinkedHashMap<>();
        for (RecordComponent rc : old.getClass().getRecordComponents()) {
            values.put(rc.getName(), get(old, rc.getName()));
        }
        if (field instanceof ConfigField.Window) {
            double[] w = (double[]) value;
            values.put("windowStart", w[0]);
            values.put("windowEnd", w[1]);
        } else if (field instanceof ConfigField.PreprocessingField && !name.equals("preprocessing")) {
            throw new IllegalArgumentException(key + ": set backbone.preprocessing as a whole (a Preprocessing)");
        } else {
            values.put(field.components.get(0), value);
        }
        return replace(c, section, values);
    }

    private static RunConfig replace(RunConfig c, String section, Map<String, Object> values) {
        Record[] sections = new Record[ConfigSchema.SECTIONS.size()];
        int i = 0;
        for (Map.Entry<String, Class<? extends Record>> s : ConfigSchema.SECTIONS.entrySet()) {
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
}
