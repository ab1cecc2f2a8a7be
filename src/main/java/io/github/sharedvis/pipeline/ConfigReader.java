package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Typed access to a parsed TOML tree, every message naming the file, the section and the key, so a
 * wrong value is reported where the user wrote it. The field bindings ({@link ConfigField}) read
 * through it; what a missing key takes is the default they pass in.
 *
 * @param root the TOML document
 * @param base the folder relative paths resolve against
 * @param source the file's name, for messages
 */
record ConfigReader(JsonNode root, Path base, String source) {
    /** @return the key's value, or null when the key (or its section) is missing */
    JsonNode node(String section, String key) {
        JsonNode s = root.get(section);
        return s == null ? null : s.get(key);
    }

    /** @return {@code file: [section] key}, the start of every message about the key */
    String where(String section, String key) {
        return source + ": [" + section + "] " + key;
    }

    /** @return the string, or {@code dflt} when missing */
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

    /**
     * @return one of {@link ConfigLoader#CHOICES}, normalised to lower case with underscores (so
     *     {@code "Integrated-Gradients"} is accepted), or {@code dflt} when missing
     */
    String choice(String section, String key, String dflt) {
        String v = string(section, key, dflt);
        List<String> ok = ConfigLoader.CHOICES.get(section + "." + key);
        String norm = v.toLowerCase(Locale.ROOT).replace('-', '_');
        if (!ok.contains(norm)) {
            throw new ConfigException(where(section, key) + " = \"" + v + "\" is not valid; accepted: " + ok);
        }
        return norm;
    }

    /** @return the path resolved against the config's folder, or {@code dflt} when missing */
    Path path(String section, String key, Path dflt) {
        String v = string(section, key, null);
        return v == null ? dflt : base.resolve(v).normalize();
    }

    /** @return the boolean, or {@code dflt} when missing */
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

    /** @return the number (a whole number is accepted too), or {@code dflt} when missing */
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

    /** @return the whole number, or {@code dflt} when missing */
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

    /** @return the whole number, at least 1 and an {@code int}, or {@code dflt} when missing */
    int positiveInt(String section, String key, int dflt) {
        long v = integer(section, key, dflt);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new ConfigException(where(section, key) + " must be a whole number >= 1, got " + v);
        }
        return (int) v;
    }

    /** @return the whole number, at least 0 and an {@code int}, or {@code dflt} when missing */
    int nonNegativeInt(String section, String key, int dflt) {
        long v = integer(section, key, dflt);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ConfigException(where(section, key) + " must be a whole number >= 0, got " + v);
        }
        return (int) v;
    }

    /** @return the list of numbers, or {@code dflt} when missing */
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

    /** @return the list of strings without repeats, in first-seen order, or {@code dflt} when missing */
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
