package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Preprocessing;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step stamps come from whole config sections: changing any key (found by reflection over the config
 * records, so a key added later is covered without touching this test) changes exactly the stamps of
 * the steps that read its section, unless the step declares the key irrelevant; and an upstream
 * change reaches every later step.
 */
class StepStampTest {

    @TempDir
    Path out;

    /** The real step's declarations with its file digests left out (they need the inputs and the network). */
    private static Step declarationsOf(Step real) {
        return new Step() {
            @Override
            public String name() {
                return real.name();
            }

            @Override
            public List<String> sections() {
                return real.sections();
            }

            @Override
            public List<String> ignoredKeys() {
                return real.ignoredKeys();
            }

            @Override
            public List<String> inputDigests(RunContext ctx) {
                return List.of();
            }

            @Override
            public boolean isDone(RunContext ctx, String stamp) {
                throw new AssertionError("not run");
            }

            @Override
            public void run(RunContext ctx, String stamp) {
                throw new AssertionError("not run");
            }
        };
    }

    private String stamp(RunConfig c, Step step, String upstream) throws IOException {
        try (RunContext ctx = new RunContext(c, null, out, null, null)) {
            return StepRunner.stamp(ctx, declarationsOf(step), upstream);
        }
    }

    @Test
    void everyKeyReachesExactlyTheStepsThatReadIt() throws IOException {
        RunConfig base = ConfigSectionJsonTest.base();
        List<Step> steps = List.of(new ExtractStep(), new FitStep(), new ExplainStep(), new ReportStep());
        int checked = 0;
        List<String> ignoredSeen = new ArrayList<>();
        for (String section : ConfigSchema.SECTIONS.keySet()) {
            Record rec = ConfigWalks.section(base, section);
            for (RecordComponent rc : rec.getClass().getRecordComponents()) {
                Object v = ConfigWalks.get(rec, rc.getName());
                Object m = rc.getType() == Preprocessing.class ? Preprocessing.imagenet()
                        : ConfigSectionJsonTest.mutate(section, rc, v);
                RunConfig changed = ConfigSectionJsonTest.withComponent(base, section, rc.getName(), m);
                String key = section + "." + ConfigSchema.snake(rc.getName());
                for (Step s : steps) {
                    boolean reads = s.sections().contains(section) && !s.ignoredKeys().contains(key);
                    if (s.ignoredKeys().contains(key)) {
                        ignoredSeen.add(s.name() + ":" + key);
                    }
                    String before = stamp(base, s, "up");
                    String after = stamp(changed, s, "up");
                    if (reads) {
                        assertNotEquals(before, after, key + " must redo " + s.name());
                    } else {
                        assertEquals(before, after, key + " must not redo " + s.name());
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked >= 4 * 30, "checked " + checked); // 4 steps × every key
        // the declared irrelevant keys are real keys (a typo would silently keep them in the stamp)
        for (Step s : steps) {
            for (String k : s.ignoredKeys()) {
                assertTrue(ignoredSeen.contains(s.name() + ":" + k), s.name() + " ignores unknown key " + k);
            }
        }
    }

    @Test
    void anUpstreamChangeReachesTheStep() throws IOException {
        RunConfig base = ConfigSectionJsonTest.base();
        for (Step s : List.of(new ExtractStep(), new FitStep(), new ExplainStep(), new ReportStep())) {
            assertNotEquals(stamp(base, s, "a"), stamp(base, s, "b"), s.name());
        }
    }
}
