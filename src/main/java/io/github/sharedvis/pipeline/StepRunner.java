package io.github.sharedvis.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks the steps in order up to a target: each step's stamp is computed from what it declares
 * ({@link Step}), the step runs unless its outputs are complete for that stamp, and the stamp becomes
 * the next step's upstream. Nothing else chains steps, so each runs at most once per call.
 */
final class StepRunner {

    private final List<Step> steps;

    /** @param steps the steps in dependency order (each depends on the one before) */
    StepRunner(List<Step> steps) {
        this.steps = List.copyOf(steps);
    }

    /** @return the pipeline's four steps */
    static StepRunner standard() {
        return new StepRunner(List.of(new ExtractStep(), new FitStep(), new ExplainStep(), new ReportStep()));
    }

    /** @return the step names, in order */
    List<String> names() {
        return steps.stream().map(Step::name).toList();
    }

    /**
     * Brings every step up to and including {@code target} up to date.
     *
     * @param ctx the run
     * @param target a step name
     * @return the target's stamp
     * @throws IOException from a step
     */
    String runThrough(RunContext ctx, String target) throws IOException {
        if (!names().contains(target)) {
            throw new IllegalArgumentException("no step '" + target + "'; steps: " + names());
        }
        ctx.begin();
        String upstream = "";
        for (Step step : steps) {
            long t0 = System.nanoTime();
            String stamp = stamp(ctx, step, upstream);
            boolean done = step.isDone(ctx, stamp);
            if (!done) {
                step.run(ctx, stamp);
            }
            ctx.time(step.name(), t0, done);
            upstream = stamp;
            if (step.name().equals(target)) {
                break;
            }
        }
        return upstream;
    }

    /**
     * @param name a step's name
     * @return the step
     */
    Step step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no step '" + name + "'; steps: " + names()));
    }

    /**
     * The stamps the steps up to {@code target} have now, computed without running any.
     *
     * @param ctx the run
     * @param target a step name
     * @return step name to stamp, in order, through {@code target}
     * @throws IOException when an input digest cannot be computed
     */
    Map<String, String> stampsThrough(RunContext ctx, String target) throws IOException {
        step(target);
        Map<String, String> stamps = new java.util.LinkedHashMap<>();
        String upstream = "";
        for (Step step : steps) {
            upstream = stamp(ctx, step, upstream);
            stamps.put(step.name(), upstream);
            if (step.name().equals(target)) {
                break;
            }
        }
        return stamps;
    }

    /**
     * @param ctx the run
     * @param step a step
     * @param upstream the stamp of the step before it ("" for the first)
     * @return the step's stamp
     * @throws IOException when an input digest cannot be computed
     */
    static String stamp(RunContext ctx, Step step, String upstream) throws IOException {
        List<String> parts = new ArrayList<>();
        parts.add(step.name());
        parts.add(upstream);
        for (String section : step.sections()) {
            // the section as run.json records it (RunConfig#sectionJson), less the keys the step ignores
            Map<String, Object> keys = ConfigWalks.sectionMap(ctx.config, section);
            step.ignoredKeys().forEach(k -> keys.remove(k.startsWith(section + ".") ? k.substring(section.length() + 1) : ""));
            parts.add(section + "=" + json(keys));
        }
        parts.addAll(step.inputDigests(ctx));
        return StepState.stamp(parts.toArray(String[]::new));
    }

    private static String json(Object o) {
        try {
            return ConfigWalks.JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the config serializes to JSON", e);
        }
    }
}
