package io.github.sharedvis.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps for JSON outputs whose keys keep the order they are given in. {@code Map.of} iterates in an
 * order salted per JVM, so a JSON file written from it changes key order between runs and is not
 * byte-reproducible; every JSON object sharedvis writes is built from insertion-ordered maps.
 */
public final class OrderedMaps {

    private OrderedMaps() {}

    /**
     * @param keysAndValues key, value, key, value, ... (keys are strings)
     * @return an insertion-ordered map
     * @throws IllegalArgumentException on an odd count or a non-string key
     */
    public static Map<String, Object> of(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key " + keysAndValues[i] + " is not a string");
            }
            m.put(key, keysAndValues[i + 1]);
        }
        return m;
    }
}
