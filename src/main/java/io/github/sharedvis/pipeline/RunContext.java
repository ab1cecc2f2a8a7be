package io.github.sharedvis.pipeline;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.run.RunJson;
import io.github.sharedvis.run.RunLayout;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the steps of one run share: the configuration, the output layout and stamps, the inputs and
 * the backbone (each loaded once, on first use, so a step that needs neither never opens them), the
 * warnings and the timings. Holds the run directory's lock and the backbone's native memory until
 * {@link #close()}.
 */
final class RunContext implements AutoCloseable {

    final RunConfig config;
    final Path configFile;
    final RunLayout out;
    final PrintStream progress;
    final StepState state;
    final List<String> warnings = new ArrayList<>();
    /** The digests of input files, through the run's memo ({@link RunLayout#fileDigests()}); saved by {@link #close()}. */
    final FileDigests digests;
    final Map<String, RunJson.StepTiming> timings = new LinkedHashMap<>();
    private final Backbones registry;
    private RunInputs inputs;
    private StimulusSet stimuli;
    private String stimuliDigest;
    private String responsesDigest;
    private String backboneFingerprint;
    private BackboneIdentity backboneIdentity;
    private Backbone backbone;
    private RunLock lock;
    private boolean exclusive;
    private final List<RunLock> partLocks = new ArrayList<>();

    RunContext(RunConfig config, Path configFile, Path outDir, Backbones registry, PrintStream progress) {
        this.config = config;
        this.configFile = configFile;
        this.out = new RunLayout(outDir);
        this.registry = registry;
        this.progress = progress;
        this.state = new StepState(out.state());
        this.digests = FileDigests.memo(out.fileDigests(), System.getenv());
    }

    /**
     * Takes the run directory's lock (held until {@link #close()}) and then, only then, deletes the
     * temporary files an interrupted run may have left: never another live run's.
     */
    void begin() throws IOException {
        begin(false);
    }

    /**
     * Like {@link #begin()}, for a shard: the run directory's lock is shared with the other shards
     * (and exclusive of whole runs), and the temporary files are left alone, because another live
     * shard may be writing them; the merge, a whole run, removes what killed shards left.
     *
     * @param shard whether this process runs a shard
     * @throws IOException when a whole run holds the directory
     */
    void begin(boolean shard) throws IOException {
        if (lock != null) {
            return;
        }
        if (config.data().stimuli() != null) {
            requireOutsideStimuli(config.data().stimuli()); // before anything is created there
        }
        if (shard) {
            lock = RunLock.acquireShared(out.root());
        } else {
            lock = RunLock.acquire(out.root());
            exclusive = true;
            sweep(out.root(), defaultCache()); // the cache: by the extract step, when it writes there
        }
    }

    /**
     * Holds an exclusive lock on one part of the run until {@link #close()} (or {@link #release}).
     *
     * @param file the part's lock file
     * @param what the part, for the message when another process holds it
     * @param wait whether to wait for that process instead of failing
     * @return the lock
     * @throws IOException when another process holds it and {@code wait} is false
     */
    RunLock lockPart(Path file, String what, boolean wait) throws IOException {
        RunLock l = RunLock.acquireFile(file, what, wait);
        partLocks.add(l);
        return l;
    }

    /** Releases a lock of {@link #lockPart} early. */
    void release(RunLock part) throws IOException {
        if (partLocks.remove(part)) {
            part.close();
        }
    }

    /** @return whether this process holds the run directory alone (a whole run, not a shard) */
    boolean exclusive() {
        return exclusive;
    }

    /** @return {@code DIR/cache}, the feature cache where {@code [run] cache} names none */
    Path defaultCache() {
        return out.root().resolve("cache");
    }

    /**
     * Deletes the temporary files an interrupted run may have left (a killed JVM runs no finally) under
     * a folder, less one sub-folder. Only while no other process writes there (the run lock).
     *
     * @param dir the folder
     * @param skip a sub-folder left alone, or null
     */
    static void sweep(Path dir, Path skip) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
                return d.equals(skip) ? java.nio.file.FileVisitResult.SKIP_SUBTREE : java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a)
                    throws IOException {
                String name = f.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp") && a.isRegularFile()) {
                    Files.deleteIfExists(f);
                }
                return java.nio.file.FileVisitResult.CONTINUE;
            }
        });
    }

    /** A run directory inside the stimulus folder would be read as a category by the next run. */
    private void requireOutsideStimuli(Path stimuli) {
        if (!Files.isDirectory(stimuli)) {
            return;
        }
        Path s = stimuli.toAbsolutePath().normalize();
        Path o = out.root().toAbsolutePath().normalize();
        if (o.startsWith(s)) {
            throw new ConfigException("--out " + out.root() + " lies inside the stimulus folder " + s + " ([data] "
                    + "stimuli of " + source() + "): its sub-folders would be read as categories; give an "
                    + "output folder outside it");
        }
    }

    /** @return the config file's name for messages */
    String source() {
        return configFile == null ? "config" : configFile.toString();
    }

    /**
     * @return the stimulus set alone, opened on first use (the inputs' set once they are loaded): what
     *     the extract step's up-to-date check needs, without parsing the responses
     */
    StimulusSet stimuli() throws IOException {
        if (inputs != null) {
            return inputs.set();
        }
        if (stimuli == null) {
            stimuli = RunInputs.openStimuli(config, source());
        }
        return stimuli;
    }

    /** @return the digest of the stimulus set (ids, categories, image bytes), computed once */
    String stimuliDigest() throws IOException {
        if (stimuliDigest == null) {
            stimuliDigest = stimuli().digest(digests);
        }
        return stimuliDigest;
    }

    /** @return the digest of the response file's bytes, computed once */
    String responsesDigest() throws IOException {
        if (responsesDigest == null) {
            responsesDigest = RunInputs.responsesDigest(config, source(), digests);
        }
        return responsesDigest;
    }

    /**
     * @return the backbone's fingerprint: the open backbone's, or else the provider's, which for the
     *     bundled and file backbones reads the model files without loading the engine
     */
    String backboneFingerprint() throws IOException {
        if (backboneFingerprint == null) { // each stamp asks; the provider would re-read the model files
            backboneFingerprint = backbone != null ? backbone.fingerprint() : registry.fingerprint(spec(), digests);
        }
        return backboneFingerprint;
    }

    /**
     * @return the backbone's name, node, preprocessing and fingerprint: the open backbone's, or else
     *     the provider's, decided without the engine where it can (for run.json)
     */
    BackboneIdentity backboneIdentity() throws IOException {
        if (backboneIdentity == null) {
            backboneIdentity = backbone != null ? BackboneIdentity.of(backbone) : registry.identity(spec(), digests);
        }
        return backboneIdentity;
    }

    private BackboneSpec spec() {
        RunConfig.Backbone b = config.backbone();
        return new BackboneSpec(b.model(), b.layer(), b.pooling().equals("average") ? Pooling.AVERAGE : Pooling.NONE,
                b.preprocessing(), b.device());
    }

    /** @return the inputs, loaded and validated on first use */
    RunInputs inputs() throws IOException {
        if (inputs == null) {
            inputs = RunInputs.load(config, stimuli(), stimuliDigest(), responsesDigest(), source(), out.state(), w -> {
                warnings.add(w);
                (progress != null ? progress : System.err).println("sharedvis: warning: " + w);
            });
        }
        return inputs;
    }

    /** @return the backbone, opened on first use */
    Backbone backbone() throws IOException {
        if (backbone == null) {
            if (config.run().threads() > 0) { // before the first engine call sizes its pool
                io.github.sharedvis.backbone.Engines.pytorch();
                ai.djl.pytorch.jni.JniUtils.setNumThreads(config.run().threads());
            }
            Backbone opened = registry.open(spec());
            if (opened.layer() == null) {
                String nodes = opened.layers().toString();
                opened.close();
                throw new ConfigException(source() + ": [backbone] layer is required for " + config.backbone().model()
                        + "; its nodes: " + nodes);
            }
            backbone = opened;
        }
        return backbone;
    }

    /** Records a step's time once per run (the first call wins: an up-to-date check later changes nothing). */
    void time(String step, long t0, boolean skipped) {
        timings.putIfAbsent(step, new RunJson.StepTiming((System.nanoTime() - t0) / 1e9, skipped));
    }

    @Override
    public void close() {
        if (lock != null) {
            digests.save(); // under the run's lock (shared by shards, which merge)
        }
        if (backbone != null) {
            backbone.close();
            backbone = null;
        }
        for (RunLock l : partLocks) {
            try {
                l.close();
            } catch (IOException e) {
                // the OS releases the lock when the process ends
            }
        }
        partLocks.clear();
        if (lock != null) {
            try {
                lock.close();
            } catch (IOException e) {
                // the OS releases the lock when the process ends
            }
            lock = null;
        }
    }
}
