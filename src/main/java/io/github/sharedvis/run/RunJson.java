package io.github.sharedvis.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code run.json}: what a run was, for provenance and for the report. Keys are the components in
 * snake_case, in this order ({@code docs/outputs.md}).
 *
 * @param sharedvis the sharedvis version
 * @param config the full configuration in the TOML's own key names
 * @param configFile the config file's absolute path, or null (omitted) for a run built in code
 * @param preferredCategory the neurons' preferred category
 * @param versions sharedvis, Java, DJL and PyTorch versions
 * @param inputHashes SHA-256 of the stimuli, the responses, the backbone and the config file
 * @param backbone the network, its cut node and its input size
 * @param neurons the neuron ids, in column order of the model files
 * @param nStimuli number of stimuli
 * @param warnings what the run warned about (e.g. constant responses)
 * @param timings seconds per step, and whether it was skipped as up to date
 */
public record RunJson(String sharedvis, Map<String, Object> config,
        @JsonInclude(JsonInclude.Include.NON_NULL) String configFile, String preferredCategory,
        Map<String, String> versions, Map<String, String> inputHashes, BackboneInfo backbone, List<String> neurons,
        int nStimuli, List<String> warnings, Map<String, StepTiming> timings) {

    /**
     * @param name the backbone's name
     * @param layer the node it is cut at
     * @param input the input size {@code [height, width]}
     */
    public record BackboneInfo(String name, String layer, List<Integer> input) {}

    /**
     * @param seconds wall-clock seconds
     * @param skipped true when the step was up to date and did nothing
     */
    public record StepTiming(double seconds, boolean skipped) {}

    /** @return the document as a JSON tree, as {@link #write} writes it */
    public JsonNode toTree() {
        return mapper().valueToTree(this);
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /**
     * @param file a run.json
     * @return the document it holds
     * @throws IOException when it cannot be read or is not a run.json
     */
    public static RunJson read(Path file) throws IOException {
        return mapper().readValue(file.toFile(), RunJson.class);
    }

    /**
     * Writes the document atomically, indented, with a final newline.
     *
     * @param file where
     * @throws IOException when it cannot be written
     */
    public void write(Path file) throws IOException {
        AtomicFiles.writeString(file, mapper().writeValueAsString(this) + "\n");
    }
}
