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
