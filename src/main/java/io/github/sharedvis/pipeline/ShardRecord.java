package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the shards of a run record for its merge, {@code .state/shards/record.json}: the config file
 * they ran (so {@code sharedvis merge DIR} needs nothing else) with its digest (so a config edited
 * since is refused, not merged), and how many shards each sliced step was given (to name the missing
 * ones). Every shard rewrites it, atomically; the last one wins, which is right, since the merge
 * checks every part against the config's stamps anyway.
 *
 * @param configFile the config file, absolute
 * @param configDigest its SHA-256
 * @param extractShards the extract step's N, or null when it was not sharded
 * @param explainShards the explain step's N, or null when it was not sharded
 */
record ShardRecord(String configFile, String configDigest,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer extractShards,
        @JsonInclude(JsonInclude.Include.NON_NULL) Integer explainShards) {

    /** The record's file name inside {@code .state/shards/}. */
    static final String FILE = "record.json";

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /**
     * @param dir the {@code .state/shards} folder
     * @return the record, or null when no shard has run there
     * @throws IOException naming the file when it is damaged
     */
    static ShardRecord read(Path dir) throws IOException {
        Path f = dir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return mapper().readValue(f.toFile(), ShardRecord.class);
        } catch (IOException e) {
            throw new InputException(f + ": not a shard record (" + e.getMessage().split("\n")[0] + "); delete it and "
                    + "run the shards again");
        }
    }

    /**
     * @param dir the {@code .state/shards} folder
     * @throws IOException on a write failure
     */
    void write(Path dir) throws IOException {
        AtomicFiles.writeString(dir.resolve(FILE), mapper().writeValueAsString(this) + "\n");
    }
}
