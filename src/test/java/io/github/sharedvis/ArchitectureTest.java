package io.github.sharedvis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package structure as declared and as compiled: every package's {@code package-info.java} says
 * which sharedvis packages it may depend on ({@code May depend on: {@code util}, ...}); jdeps reads
 * the compiled classes' real dependencies, which must stay within the declarations and form no
 * cycle. Also keeps every source file under {@value #MAX_LINES} lines.
 */
class ArchitectureTest {

    static final String ROOT = "io.github.sharedvis";
    static final Path SOURCES = Path.of("src/main/java/io/github/sharedvis");
    static final Path CLASSES = Path.of("target/classes");
    static final int MAX_LINES = 450;
    private static final Pattern DECLARATION = Pattern.compile("May depend on:(.*?)(?:\\n\\s*\\*\\s*\\n|\\*/)",
            Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code ([a-z.]+)}");

    /** @return package (relative to {@value #ROOT}) → the packages its package-info allows */
    static Map<String, Set<String>> declared() throws IOException {
        Map<String, Set<String>> allowed = new TreeMap<>();
        List<String> missing = new ArrayList<>();
        for (String pkg : packages()) {
            Path info = SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            if (!Files.isRegularFile(info)) {
                missing.add(pkg + " (no package-info.java)");
                continue;
            }
            Matcher m = DECLARATION.matcher(Files.readString(info));
            if (!m.find()) {
                missing.add(pkg + " (its package-info.java has no 'May depend on:' sentence)");
                continue;
            }
            Set<String> deps = new TreeSet<>();
            Matcher c = CODE.matcher(m.group(1));
            while (c.find()) {
                deps.add(c.group(1));
            }
            allowed.put(pkg, deps);
        }
        if (!missing.isEmpty()) {
            fail("every package says what it is and what it may depend on; missing: " + missing);
        }
        return allowed;
    }

    /** @return the packages with sources, relative to {@value #ROOT} */
    static List<String> packages() throws IOException {
        try (Stream<Path> s = Files.walk(SOURCES)) {
            return s.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().equals("package-info.java"))
                    .map(p -> SOURCES.relativize(p.getParent()).toString().replace('/', '.'))
                    .distinct().sorted().toList();
        }
    }

    /** @return class-level edges between different sharedvis packages, from the compiled classes */
    static Map<String, Set<String>> compiled() {
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError(
                "jdeps is missing: run the tests on a JDK (17 or newer), not a JRE"));
        assertTrue(Files.isDirectory(CLASSES), CLASSES + " is missing: compile first (mvn test does)");
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:class", "-filter:none",
                "-e", Pattern.quote(ROOT) + "\\..*", CLASSES.toString());
        assertEquals(0, rc, out.toString());
        Map<String, Set<String>> edges = new TreeMap<>();
        Pattern line = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)");
        for (String l : out.toString().split("\\R")) {
            Matcher m = line.matcher(l);
            if (m.find() && m.group(1).startsWith(ROOT + ".") && m.group(2).startsWith(ROOT + ".")) {
                String from = pkg(m.group(1));
                String to = pkg(m.group(2));
                if (!from.equals(to)) {
                    edges.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>())
                            .add(simple(m.group(1)) + " -> " + simple(m.group(2)));
                }
            }
        }
        return edges;
    }

    private static String pkg(String className) {
        String rel = className.substring(ROOT.length() + 1);
        String p = rel.contains(".") ? rel.substring(0, rel.lastIndexOf('.')) : "";
        // nested classes: a.B$C -> a
        return p;
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Test
    void compiledDependenciesStayWithinTheDeclaredOnes() throws IOException {
        Map<String, Set<String>> allowed = declared();
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : compiled().entrySet()) {
            String[] ft = e.getKey().split(" -> ");
            if (!allowed.getOrDefault(ft[0], Set.of()).contains(ft[1])) {
                violations.add(e.getKey() + " (" + String.join(", ", e.getValue()) + ")");
            }
        }
        assertTrue(violations.isEmpty(), "dependencies not declared in package-info.java: either remove them or,"
                + " if they are right, declare them there:\n  " + String.join("\n  ", violations));
    }

    @Test
    void thePackageGraphHasNoCycle() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        declared().forEach((p, deps) -> graph.put(p, deps));
        for (String e : compiled().keySet()) {
            String[] ft = e.split(" -> ");
            graph.computeIfAbsent(ft[0], k -> new TreeSet<>()).add(ft[1]);
        }
        List<String> order = new ArrayList<>();
        Map<String, Integer> state = new TreeMap<>();
        for (String p : graph.keySet()) {
            visit(p, graph, state, new ArrayList<>(), order);
        }
        assertEquals(graph.keySet(), new TreeSet<>(order));
    }

    private static void visit(String p, Map<String, Set<String>> graph, Map<String, Integer> state, List<String> path,
            List<String> order) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return;
        }
        path.add(p);
        if (s != null && s == 1) {
            fail("package cycle: " + String.join(" -> ", path.subList(path.indexOf(p), path.size())));
        }
        state.put(p, 1);
        for (String d : graph.getOrDefault(p, Set.of())) {
            visit(d, graph, state, path, order);
        }
        state.put(p, 2);
        path.remove(path.size() - 1);
        order.add(p);
    }

    @Test
    void theCheckSeesRealEdges() {
        // the jdeps parse must find the pipeline's use of the run package, or the two checks above are empty
        assertTrue(compiled().containsKey("pipeline -> run"), "jdeps output was not understood");
    }

    @Test
    void everySourceFileIsUnderTheLineLimit() throws IOException {
        List<String> large = new ArrayList<>();
        try (Stream<Path> s = Files.walk(SOURCES)) {
            for (Path p : (Iterable<Path>) s.filter(f -> f.toString().endsWith(".java")).sorted()::iterator) {
                long n;
                try (Stream<String> lines = Files.lines(p)) {
                    n = lines.count();
                }
                if (n >= MAX_LINES) {
                    large.add(SOURCES.relativize(p) + " (" + n + " lines)");
                }
            }
        }
        assertTrue(large.isEmpty(), "split these by idea: " + large);
    }
}
