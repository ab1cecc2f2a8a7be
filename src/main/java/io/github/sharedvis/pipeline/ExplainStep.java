package io.github.sharedvis.pipeline;

import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.OrderedWriter;
import io.github.sharedvis.util.OutputPruning;
import io.github.sharedvis.util.Progress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Step 3: for every neuron, its top-k ooc images, their neuron-specific references and the
 * parallel-backpropagation maps ({@code maps/}, {@code images/}, {@code pairs.csv}). Depends on
 * {@code [explain]}, the seed and the fitted model. Each neuron is a unit with its own stamp, so an
 * interrupted run resumes at the first unfinished neuron.
 */
final class ExplainStep implements Step {

    @Override
    public String name() {
        return "explain";
    }

    @Override
    public List<String> sections() {
        return List.of("explain", "run");
    }

    @Override
    public List<String> inputDigests(RunContext ctx) {
        return List.of();
    }

    /** A neuron's unit stamp: the step's stamp and the neuron. */
    private static String unitStamp(String stamp, String neuron) {
        return StepState.stamp(stamp, neuron);
    }

    @Override
    public boolean isDone(RunContext ctx, String stamp) throws IOException {
        // "pairs" is stamped after every neuron's unit, with the same step stamp: it implies them
        return ctx.state.isDone("pairs", stamp) && Files.isRegularFile(ctx.out.pairs());
    }

    @Override
    public void run(RunContext ctx, String stamp) throws IOException {
        explainNeurons(ctx, stamp, 0, ctx.inputs().responses().neuronIds().size());
        assemble(ctx, stamp);
    }

    /**
     * @param ctx the run
     * @param stamp the step's stamp
     * @param from the first neuron (a position in the response file's order)
     * @param to one past the last
     * @return the positions in {@code [from, to)} of the neurons not explained for {@code stamp}
     * @throws IOException on a read failure
     */
    static List<Integer> unfinished(RunContext ctx, String stamp, int from, int to) throws IOException {
        List<String> neurons = ctx.inputs().responses().neuronIds();
        List<Integer> todo = new ArrayList<>();
        for (int j = from; j < to; j++) {
            if (!ctx.state.isDone(unit(ctx, neurons.get(j)), unitStamp(stamp, neurons.get(j)))) {
                todo.add(j);
            }
        }
        return todo;
    }

    /**
     * The most distinct images a group of the pooled path holds: its neurons are explained in groups
     * whose pairs use at most this many images (at least one neuron per group), preprocessed on the
     * heap (at most 226 MB at 192 × 192, 308 MB at 224 × 224; shared with the step's image cache). An
     * image that neurons of two groups use is forwarded once per group. The maps are not held: each is
     * queued for writing as soon as it is computed.
     */
    static final int POOL_IMAGES = 512;
    /**
     * The most pairs of one group of the pooled path: its weights and output gradients take
     * {@code 8 × D} bytes a pair (34 MB at D = 2,048).
     */
    static final int GROUP_PAIRS = 2048;
    /**
     * Map files waiting to be written at once: {@code 12 × H × W} bytes each (28 MB at 192 × 192);
     * the computation blocks when the disk falls this far behind.
     */
    static final int PENDING_WRITES = 64;

    /**
     * Explains the neurons {@code [from, to)} not yet explained for {@code stamp}: each writes its
     * maps and images, then its part of pairs.csv and its unit stamp, in neuron order. Writes nothing
     * shared but the model-geometry images, which any two neurons write with the same bytes,
     * atomically; so shards of disjoint neurons may run at once. With {@code method = "gradient"} the
     * neurons' pairs are attributed together ({@link #explainPooled}); a neuron's maps have the same
     * bits whichever neurons it is explained with (a shard, a resumed run). The files are written by a
     * thread of their own while the next maps are computed, a neuron's stamp after its files.
     *
     * @param ctx the run
     * @param stamp the step's stamp
     * @param from the first neuron
     * @param to one past the last
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    static void explainNeurons(RunContext ctx, String stamp, int from, int to) throws IOException {
        explainNeurons(ctx, stamp, from, to, ctx.config.explain().method().equals("gradient"));
    }

    /**
     * {@link #explainNeurons(RunContext, String, int, int)}, choosing the path.
     *
     * @param pooled attribute the neurons' pairs together (GRADIENT only), or each neuron by itself
     */
    static void explainNeurons(RunContext ctx, String stamp, int from, int to, boolean pooled) throws IOException {
        explainNeurons(ctx, stamp, from, to, pooled, POOL_IMAGES);
    }

    /**
     * {@link #explainNeurons(RunContext, String, int, int, boolean)} with the pooled path's groups
     * holding at most {@code poolImages} images (tests: the files do not depend on it).
     */
    static void explainNeurons(RunContext ctx, String stamp, int from, int to, boolean pooled, int poolImages)
            throws IOException {
        List<Integer> todo = unfinished(ctx, stamp, from, to);
        if (todo.isEmpty()) {
            return; // nothing to explain: neither the model nor the backbone is opened
        }
        RunInputs in = ctx.inputs();
        FittedEncoding model = ModelFiles.read(ctx.out.model(), false); // the readouts, not the cv predictions
        // the features stay memory-mapped: only the preferred rows and the explained images are transformed
        ReadoutRows z = new ReadoutRows(ExtractStep.load(ctx), model);
        float[][] zPref = z.floatRows(in.preferred());
        Backbone bb = ctx.backbone();
        PairExplainer explainer = new PairExplainer(ctx.config.explain(), ctx.config.run().seed(), bb, model, zPref,
                z::allFloatRows);
        NeuronExplainer one = new NeuronExplainer(ctx, explainer, z, zPref, bb.preprocessing());
        try (Progress bar = new Progress("explain", todo.size(), ctx.progress);
                OrderedWriter out = new OrderedWriter("explain-writer", PENDING_WRITES)) {
            if (pooled) {
                explainPooled(ctx, stamp, one, todo, bar, out, poolImages);
            } else {
                for (int j : todo) {
                    finish(ctx, stamp, j, one.explain(j, out), out);
                    bar.step(1);
                }
            }
        }
    }

    /**
     * The pooled path: per group of neurons whose pairs use at most {@code poolImages} images and
     * number at most {@link #GROUP_PAIRS}, every neuron's pairs planned, each image used preprocessed
     * (and its PNG written) once, all maps from one {@link PairExplainer#pooledMaps} call, each queued
     * for writing as it comes; then each neuron's part of pairs.csv and stamp, in order.
     */
    private static void explainPooled(RunContext ctx, String stamp, NeuronExplainer one, List<Integer> todo,
            Progress bar, OrderedWriter out, int poolImages) throws IOException {
        List<NeuronExplainer.Plan> plans = new ArrayList<>();
        for (int j : todo) {
            plans.add(one.plan(j));
        }
        for (int g0 = 0; g0 < plans.size(); ) {
            Set<Integer> used = new HashSet<>();
            int pairs = 0;
            int g1 = g0;
            while (g1 < plans.size()) {
                NeuronExplainer.Plan next = plans.get(g1);
                Set<Integer> added = new HashSet<>(); // its images not yet in the group
                for (int r = 0; r < next.ooc().length; r++) {
                    for (int stimulus : new int[] {next.ooc()[r], next.reference()[r]}) {
                        if (!used.contains(stimulus)) {
                            added.add(stimulus);
                        }
                    }
                }
                if (g1 > g0 && (used.size() + added.size() > poolImages || pairs + next.ooc().length > GROUP_PAIRS)) {
                    break;
                }
                used.addAll(added);
                pairs += next.ooc().length;
                g1++;
            }
            List<NeuronExplainer.Plan> group = plans.subList(g0, g1);
            Map<Integer, Integer> pool = new LinkedHashMap<>(); // stimulus index -> pool index
            List<float[]> images = new ArrayList<>();
            int[] first = new int[pairs];
            int[] second = new int[pairs];
            int[] neuron = new int[pairs];
            Path[][] files = new Path[2][pairs];
            int p = 0;
            for (NeuronExplainer.Plan plan : group) {
                for (int r = 0; r < plan.ooc().length; r++, p++) {
                    first[p] = poolIndex(pool, images, one, plan.ooc()[r]);
                    second[p] = poolIndex(pool, images, one, plan.reference()[r]);
                    neuron[p] = plan.neuron();
                    files[0][p] = one.mapFile(plan, r, 0);
                    files[1][p] = one.mapFile(plan, r, 1);
                }
            }
            try {
                one.explainer().pooledMaps(one.saliency(), images.toArray(float[][]::new), first, second, neuron,
                        (pair, side, map) -> {
                            try {
                                one.writeMap(files[side][pair], map, out);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            for (NeuronExplainer.Plan plan : group) {
                finish(ctx, stamp, plan.neuron(), one.rows(plan), out);
                bar.step(1);
            }
            g0 = g1;
        }
    }

    private static int poolIndex(Map<Integer, Integer> pool, List<float[]> images, NeuronExplainer one, int stimulus)
            throws IOException {
        Integer at = pool.get(stimulus);
        if (at == null) {
            at = images.size();
            images.add(one.modelInput(stimulus));
            pool.put(stimulus, at);
        }
        return at;
    }

    /** Queues neuron j's part of pairs.csv, then its unit stamp, after its maps. */
    private static void finish(RunContext ctx, String stamp, int j, List<PairRow> rows, OrderedWriter out)
            throws IOException {
        String n = ctx.inputs().responses().neuronIds().get(j);
        Path part = partFile(ctx, n);
        String unit = unit(ctx, n);
        String csv = PairRow.TABLE.formatRows(rows);
        out.submit(() -> {
            AtomicFiles.writeString(part, csv);
            ctx.state.markDone(unit, unitStamp(stamp, n));
        });
    }

    /**
     * Writes pairs.csv from every neuron's part, prunes what earlier runs left and marks the step done.
     *
     * @param ctx the run
     * @param stamp the step's stamp; every neuron must be explained for it
     * @throws IOException on unreadable parts or unwritable outputs
     */
    static void assemble(RunContext ctx, String stamp) throws IOException {
        List<String> neurons = ctx.inputs().responses().neuronIds();
        StringBuilder csv = new StringBuilder(PairRow.TABLE.format(List.of()));
        for (String n : neurons) {
            csv.append(Files.readString(partFile(ctx, n), StandardCharsets.UTF_8));
        }
        AtomicFiles.writeString(ctx.out.pairs(), csv.toString());
        pruneOutputs(ctx, PairRow.TABLE.parse(csv.toString(), ctx.out.pairs().toString()), neurons);
        ctx.state.markDone("pairs", stamp);
    }

    private static String unit(RunContext ctx, String neuron) throws IOException {
        return "explain-" + ctx.inputs().neuronNames().of(neuron);
    }

    private static Path partFile(RunContext ctx, String neuron) throws IOException {
        return ctx.out.state().resolve(unit(ctx, neuron) + ".csv");
    }

    /**
     * Deletes what an earlier run with other inputs or settings left in {@code images/}, {@code maps/}
     * and the explain units of {@code .state/}: afterwards they hold exactly the files pairs.csv names
     * (and the units of the current neurons), as a clean run leaves them.
     */
    private static void pruneOutputs(RunContext ctx, List<PairRow> pairs, List<String> neurons) throws IOException {
        Set<Path> keep = new HashSet<>();
        for (PairRow p : pairs) {
            for (String rel : List.of(p.oocImage(), p.referenceImage(), p.mapOoc(), p.mapReference())) {
                if (!rel.isEmpty()) {
                    keep.add(ctx.out.root().resolve(rel).normalize());
                }
            }
        }
        for (String n : neurons) {
            keep.add(ctx.out.state().resolve(unit(ctx, n) + ".stamp").normalize());
            keep.add(partFile(ctx, n).normalize());
        }
        OutputPruning.keepOnly(ctx.out.images(), keep, f -> true);
        OutputPruning.keepOnly(ctx.out.maps(), keep, f -> true);
        OutputPruning.keepOnly(ctx.out.state(), keep, f -> f.getFileName().toString().startsWith("explain-"));
    }
}
