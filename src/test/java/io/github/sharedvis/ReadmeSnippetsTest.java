package io.github.sharedvis;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md compiles against the project, so the library example
 * cannot drift from the API. A block is compiled as it is when it declares a type; otherwise it is
 * wrapped in a class, as members when it starts with a declaration (a method, a field) and as the
 * body of a method when it is statements. Each gets the imports a reader would add: every sharedvis
 * package, {@code java.util}, {@code java.nio.file}, {@code java.io} and DJL's {@code ndarray}.
 */
class ReadmeSnippetsTest {

    private static final Path README = Path.of("README.md");
    private static final Pattern BLOCK = Pattern.compile("(?m)^```java[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);
    private static final List<String> IMPORTS = List.of("io.github.sharedvis.attribution", "io.github.sharedvis.backbone",
            "io.github.sharedvis.data", "io.github.sharedvis.pairing", "io.github.sharedvis.pipeline",
            "io.github.sharedvis.readout", "io.github.sharedvis.report", "io.github.sharedvis.stats",
            "io.github.sharedvis.synthetic", "io.github.sharedvis.util", "java.util", "java.nio.file", "java.io",
            "ai.djl.ndarray");

    @TempDir
    Path tmp;

    /** @return the java blocks of README.md, in order */
    static List<String> snippets(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** @return a compilation unit holding the snippet, a class named {@code name} unless it declares its own */
    static String compilationUnit(String snippet, String name) {
        StringBuilder src = new StringBuilder();
        for (String p : IMPORTS) {
            src.append("import ").append(p).append(".*;\n");
        }
        String body = snippet.strip();
        String firstCode = body.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("//") && !l.startsWith("/*") && !l.startsWith("*"))
                .findFirst().orElse("");
        if (Pattern.compile("(?m)^(public |final |abstract )*(class|record|interface|enum) ").matcher(body).find()) {
            return src.append(body).append('\n').toString();
        }
        boolean members = firstCode.matches("(?s)(@\\w+\\s*)*(public |protected |private |static |final |abstract )+.*")
                || firstCode.matches("(?s)[\\w<>\\[\\], ]+ \\w+\\(.*");
        src.append("@SuppressWarnings(\"unused\")\nclass ").append(name).append(" {\n");
        if (members) {
            src.append(body);
        } else {
            src.append("void snippet() throws Exception {\n").append(body).append("\n}");
        }
        return src.append("\n}\n").toString();
    }

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<String> blocks = snippets(Files.readString(README, StandardCharsets.UTF_8));
        assertFalse(blocks.isEmpty(), "README.md has no ```java block; if that is intended, delete this test");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "no system Java compiler: run the tests on a JDK, not a JRE");
        List<File> sources = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            String name = "ReadmeSnippet" + (i + 1);
            Path dir = Files.createDirectories(tmp.resolve("src" + (i + 1)));
            Path file = dir.resolve(name + ".java");
            String unit = compilationUnit(blocks.get(i), name);
            Matcher own = Pattern.compile("(?m)^(?:public |final |abstract )*(?:class|record|interface|enum) (\\w+)")
                    .matcher(unit);
            if (own.find() && !own.group(1).equals(name) && unit.contains("public ")) {
                file = dir.resolve(own.group(1) + ".java"); // a public type must sit in a file of its name
            }
            Files.writeString(file, unit);
            sources.add(file.toFile());
        }
        // surefire puts the real test class path here (java.class.path may be only its booter jar)
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            Path classes = Files.createDirectories(tmp.resolve("classes"));
            boolean ok = javac.getTask(null, fm, diagnostics, List.of("-classpath", classPath, "-d", classes.toString(),
                    "-proc:none", "-Xlint:none"), null, fm.getJavaFileObjectsFromFiles(sources)).call();
            StringBuilder report = new StringBuilder();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    report.append(d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":")
                            .append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
                }
            }
            assertTrue(ok, "a ```java block of README.md does not compile (ReadmeSnippetN = the N-th block; "
                    + "the line numbers count the " + IMPORTS.size() + " added imports and the wrapper):\n" + report);
        }
    }
}
