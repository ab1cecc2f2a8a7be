package io.github.sharedvis.pipeline;

import java.util.Map;

/** The full configuration as nested maps, in the TOML's own key names, for {@code run.json}. */
final class ConfigMaps {
    private ConfigMaps() {}

    /** @return section to key to value, walked from {@link ConfigSchema#FIELDS} */
    static Map<String, Object> toMap(RunConfig c) {
        return ConfigWalks.toMap(c);
    }
}
