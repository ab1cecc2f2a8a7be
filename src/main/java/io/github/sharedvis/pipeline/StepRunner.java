package io.github.sharedvis.pipeline;

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
            parts.add(section + "=" + canonical(keys, new StringBuilder()));
        }
        parts.addAll(step.inputDigests(ctx));
        return StepState.stamp(parts.toArray(String[]::new));
    }

    /**
     * Compact JSON of a section's values (maps with string keys, lists, arrays, strings, numbers,
     * booleans, null), the text {@link RunConfig#sectionJson} (Jackson) gives: written here because
     * Jackson's serializers cost more to set up than a skipped run spends on the rest of its stamps.
     */
    static StringBuilder canonical(Object o, StringBuilder sb) {
        if ((o instanceof Double d && !Double.isFinite(d)) || (o instanceof Float f && !Float.isFinite(f))) {
            return sb.append('"').append(o).append('"'); // as Jackson writes NaN and infinities
        }
        if (o == null || o instanceof Number || o instanceof Boolean) {
            return sb.append(o);
        }
        if (o instanceof CharSequence c) {
            sb.append('"');
            for (int i = 0; i < c.length(); i++) {
                char ch = c.charAt(i);
                int shortEscape = "\b\t\n\f\r".indexOf(ch);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\').append(ch);
                } else if (shortEscape >= 0) {
                    sb.append('\\').append("btnfr".charAt(shortEscape));
                } else if (ch < 0x20) {
                    sb.append("\\u00").append(Character.toUpperCase(Character.forDigit(ch >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(ch & 15, 16)));
                } else {
                    sb.append(ch);
                }
            }
            return sb.append('"');
        }
        if (o instanceof Map<?, ?> m) {
            sb.append('{');
            String sep = "";
            for (Map.Entry<?, ?> e : m.entrySet()) {
                canonical(e.getKey().toString(), sb.append(sep)).append(':');
                canonical(e.getValue(), sb);
                sep = ",";
            }
            return sb.append('}');
        }
        if (o instanceof List<?> l) {
            return list(l, sb);
        }
        if (o.getClass().isArray()) {
            List<Object> l = new ArrayList<>();
            for (int i = 0; i < java.lang.reflect.Array.getLength(o); i++) {
                l.add(java.lang.reflect.Array.get(o, i));
            }
            return list(l, sb);
        }
        throw new IllegalStateException("a config value of type " + o.getClass().getName() + " in a stamp");
    }

    private static StringBuilder list(List<?> l, StringBuilder sb) {
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            canonical(l.get(i), sb.append(i == 0 ? "" : ","));
        }
        return sb.append(']');
    }
}
