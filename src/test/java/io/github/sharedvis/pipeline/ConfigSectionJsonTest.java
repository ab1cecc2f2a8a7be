package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Preprocessing;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RunConfig#sectionJson}: stable, and changed by every component of its section (found by
 * reflection, so a new key is covered); the TOML writer carries every component too.
 */
class ConfigSectionJsonTest {

    static final List<String> SECTIONS = List.of("data", "backbone", "readout", "explain", "display", "run");

    static RunConfig base() {
        return RunConfig.defaults().with("data.stimuli", Path.of("/p/stimuli"))
                .with("data.responses", Path.of("/p/r.npy")).with("data.preferred", "body");
    }

    @Test
    void stableAndCanonical() {
        assertEquals(base().sectionJson("explain"), base().sectionJson("explain"));
        assertEquals("{\"reduction\":\"positive\",\"smoothing_sigma\":0.0,\"overlay_alpha\":0.75}", base().sectionJson("display"));
        assertEquals("{\"seed\":0,\"threads\":0,\"cache\":null}", base().sectionJson("run"));
        RunConfig parsed = ConfigLoader.parse("[data]\npreferred = \"body\"\nstimuli = \"stimuli\"\n"
                + "responses = \"r.npy\"\n", Path.of("/p"), "x.toml");
        for (String s : SECTIONS) {
            assertEquals(base().sectionJson(s), parsed.sectionJson(s), s);
        }
        assertThrows(IllegalArgumentException.class, () -> base().sectionJson("explainer"));
    }

    @Test
    void everyComponentChangesItsSectionOnlyAndSurvivesTheWriter() {
        RunConfig base = base();
        int mutations = 0;
        for (String section : SECTIONS) {
            Record rec = ConfigWalks.section(base, section);
            for (RecordComponent rc : rec.getClass().getRecordComponents()) {
                List<Object> variants = new ArrayList<>();
                Object v = ConfigWalks.get(rec, rc.getName());
                if (v instanceof Preprocessing) {
                    throw new AssertionError("base has no preprocessing");
                }
                if (rc.getType() == Preprocessing.class) {
                    variants.addAll(preprocessings());
                } else {
                    variants.add(mutate(section, rc, v));
                }
                for (Object m : variants) {
                    RunConfig changed = withComponent(base, section, rc.getName(), m);
                    String what = section + "." + rc.getName() + " = " + m;
                    for (String s : SECTIONS) {
                        assertEquals(changed.sectionJson(s), stampJson(changed, s), "the stamps' JSON is Jackson's: " + what);
                        if (s.equals(section)) {
                            assertNotEquals(base.sectionJson(s), changed.sectionJson(s), what);
                        } else {
                            assertEquals(base.sectionJson(s), changed.sectionJson(s), what);
                        }
                    }
                    String toml = ConfigLoader.toToml(changed);
                    RunConfig back = ConfigLoader.parse(toml, Path.of("/elsewhere"), "w.toml");
                    assertEquals(changed.sectionJson(section), back.sectionJson(section), what + "\n" + toml);
                    mutations++;
                }
            }
        }
        assertTrue(mutations >= 40, "mutated " + mutations);
    }

    private static String stampJson(RunConfig c, String section) {
        return StepRunner.canonical(ConfigWalks.sectionMap(c, section), new StringBuilder()).toString();
    }

    @Test
    void theStampsJsonEscapesAsJacksonDoes() throws Exception {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("s", "a\"b\\c/d\n\t\r\b\f\u0001\u001fé\u2028");
        m.put("n", List.of(1, -2.5, 1e-300, Double.NaN, Double.NEGATIVE_INFINITY, 3.0f, Long.MAX_VALUE));
        m.put("a", new double[] {0.05, 0.25});
        m.put("z", null);
        m.put("b", java.util.Map.of("t", true));
        assertEquals(ConfigWalks.JSON.writeValueAsString(m), StepRunner.canonical(m, new StringBuilder()).toString());
    }

    /** The base's preprocessing (none) and one change of each of its components. */
    static List<Preprocessing> preprocessings() {
        Preprocessing d = Preprocessing.imagenet();
        List<Preprocessing> out = new ArrayList<>();
        out.add(d);
        out.add(new Preprocessing(128, d.height(), d.width(), d.stretch(), d.scale(), d.mean(), d.std()));
        out.add(new Preprocessing(d.resizeShorter(), 100, d.width(), d.stretch(), d.scale(), d.mean(), d.std()));
        out.add(new Preprocessing(d.resizeShorter(), d.height(), 100, d.stretch(), d.scale(), d.mean(), d.std()));
        out.add(new Preprocessing(d.resizeShorter(), d.height(), d.width(), true, d.scale(), d.mean(), d.std()));
        out.add(new Preprocessing(d.resizeShorter(), d.height(), d.width(), d.stretch(), 1f, d.mean(), d.std()));
        out.add(new Preprocessing(d.resizeShorter(), d.height(), d.width(), d.stretch(), d.scale(),
                new float[] {0.1f, 0.2f, 0.3f}, d.std()));
        out.add(new Preprocessing(d.resizeShorter(), d.height(), d.width(), d.stretch(), d.scale(), d.mean(),
                new float[] {0.5f, 0.6f, 0.7f}));
        return out;
    }

    /** A different valid value of the component's type. */
    static Object mutate(String section, RecordComponent rc, Object v) {
        Class<?> t = rc.getType();
        List<String> choices = ConfigLoader.CHOICES.get(section + "." + ConfigSchema.snake(rc.getName()));
        if (choices != null) {
            return choices.stream().filter(c -> !c.equals(v)).findFirst().orElseThrow();
        }
        if (t == String.class) {
            return v == null ? "x \"y\" \\z" : v + "-x";
        }
        if (t == Path.class) {
            return v == null ? Path.of("/m \"q\"") : ((Path) v).resolve("m");
        }
        if (t == double.class) {
            double d = (Double) v;
            return d == 0 ? 1.0 : d / 2;
        }
        if (t == int.class) {
            return (Integer) v + 1;
        }
        if (t == long.class) {
            return (Long) v + 1;
        }
        if (t == boolean.class) {
            return !(Boolean) v;
        }
        if (t == double[].class) {
            double[] a = Arrays.copyOf((double[]) v, ((double[]) v).length + 1);
            a[a.length - 1] = 1e7;
            return a;
        }
        if (t == List.class) {
            List<Object> l = new ArrayList<>((List<?>) v);
            l.add("n\"1");
            return List.copyOf(l);
        }
        throw new AssertionError("no mutation for " + t + " " + section + "." + rc.getName());
    }

    static RunConfig withComponent(RunConfig c, String section, String component, Object value) {
        Record rec = ConfigWalks.section(c, section);
        RecordComponent[] rcs = rec.getClass().getRecordComponents();
        Object[] args = new Object[rcs.length];
        Class<?>[] types = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            types[i] = rcs[i].getType();
            args[i] = rcs[i].getName().equals(component) ? value : ConfigWalks.get(rec, rcs[i].getName());
        }
        try {
            Record changed = rec.getClass().getDeclaredConstructor(types).newInstance(args);
            RecordComponent[] top = RunConfig.class.getRecordComponents();
            Object[] sections = new Object[top.length];
            Class<?>[] sectionTypes = new Class<?>[top.length];
            for (int i = 0; i < top.length; i++) {
                sectionTypes[i] = top[i].getType();
                sections[i] = top[i].getName().equals(section) ? changed : ConfigWalks.section(c, top[i].getName());
            }
            return RunConfig.class.getDeclaredConstructor(sectionTypes).newInstance(sections);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
