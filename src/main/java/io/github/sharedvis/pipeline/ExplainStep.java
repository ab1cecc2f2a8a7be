package io.github.sharedvis.pipeline;

import static io.github.sharedvis.pipeline.RunInputs.rows;

import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.ReferenceCandidate;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.Floats;
import io.github.sharedvis.util.OutputPruning;
import io.github.sharedvis.util.Progress;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

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
     * Explains the neurons {@code [from, to)} not yet explained for {@code stamp}: each writes its
     * maps and images, then its part of pairs.csv and its unit stamp. Writes nothing shared but the
     * model-geometry images, which any two neurons write with the same bytes, atomically; so shards
     * of disjoint neurons may run at once.
     *
     * @param ctx the run
     * @param stamp the step's stamp
     * @param from the first neuron
     * @param to one past the last
     * @throws IOException on unreadable inputs or unwritable outputs
     */
    static void explainNeurons(RunContext ctx, String stamp, int from, int to) throws IOException {
        List<Integer> todo = unfinished(ctx, stamp, from, to);
        if (todo.isEmpty()) {
            return; // nothing to explain: neither the model nor the backbone is opened
        }
        RunInputs in = ctx.inputs();
        List<String> neurons = in.responses().neuronIds();
        FittedEncoding model = ModelFiles.read(ctx.out.model());
        double[][] x = ExtractStep.load(ctx);
        double[][] z = model.transform(x);
        double[][] predicted = model.predict(x);
        Backbone bb = ctx.backbone();
        PairExplainer explainer = new PairExplainer(ctx.config.explain(), ctx.config.run().seed(), bb, model, z,
                in.preferred());
        NeuronExplainer one = new NeuronExplainer(ctx, explainer, z, Floats.of(rows(z, in.preferred())), predicted,
                bb.preprocessing());
        try (Progress bar = new Progress("explain", todo.size(), ctx.progress)) {
            for (int j : todo) {
                AtomicFiles.writeString(partFile(ctx, neurons.get(j)), PairRow.TABLE.formatRows(one.explain(j)));
                ctx.state.markDone(unit(ctx, neurons.get(j)), unitStamp(stamp, neurons.get(j)));
                bar.step(1);
            }
        }
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

    /** Explains one neuron at a time with the machinery built once for all of them. */
    private static final class NeuronExplainer {
        private final RunContext ctx;
        private final RunInputs in;
        private final PairExplainer explainer;
        private final SharedSaliency saliency;
        private final ReferenceSearch search;
        private final double[][] z;
        private final float[][] zPref;
        private final double[][] predicted;
        private final Preprocessing pre;

        NeuronExplainer(RunContext ctx, PairExplainer explainer, double[][] z, float[][] zPref, double[][] predicted,
                Preprocessing pre) throws IOException {
            this.ctx = ctx;
            this.in = ctx.inputs();
            this.explainer = explainer;
            this.saliency = explainer.saliency();
            this.search = explainer.search();
            this.z = z;
            this.zPref = zPref;
            this.predicted = predicted;
            this.pre = pre;
        }

        /** Writes neuron j's images and maps and returns its pairs.csv rows. */
        List<PairRow> explain(int j) throws IOException {
            String neuron = in.responses().neuronIds().get(j);
            double[] w = explainer.model().coef()[j];
            Integer[] ooc = Arrays.stream(in.ooc()).boxed().toArray(Integer[]::new);
            // strongest recorded ooc responses first; ties broken by stimulus order for determinism
            Arrays.sort(ooc, Comparator.<Integer>comparingDouble(i -> -in.means()[i][j]).thenComparing(i -> i));
            int k = Math.min(ctx.config.explain().topK(), ooc.length);
            double[] prefResp = new double[in.preferred().length];
            for (int p = 0; p < prefResp.length; p++) {
                prefResp[p] = in.means()[in.preferred()[p]][j];
            }
            int[] refIdx = new int[k];
            List<List<Candidate>> cands = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                List<Candidate> c = search.search(Floats.of(z[ooc[r]]), zPref, prefResp, w);
                cands.add(c);
                refIdx[r] = in.preferred()[c.get(0).index()];
            }
            int plane = 3 * pre.height() * pre.width();
            float[] a = new float[k * plane];
            float[] b = new float[k * plane];
            for (int r = 0; r < k; r++) {
                System.arraycopy(modelInput(ooc[r]), 0, a, r * plane, plane);
                System.arraycopy(modelInput(refIdx[r]), 0, b, r * plane, plane);
            }
            Path dir = ctx.out.maps().resolve(in.neuronNames().of(neuron));
            float[][] maps = explainer.maps(saliency, a, b, j);
            long[] shape = {3, pre.height(), pre.width()};
            List<PairRow> rows = new ArrayList<>();
            for (int r = 0; r < k; r++) {
                Path mapA = dir.resolve(String.format(Locale.ROOT, "%02d_ooc.npy", r + 1));
                Path mapB = dir.resolve(String.format(Locale.ROOT, "%02d_reference.npy", r + 1));
                float[] sa = Arrays.copyOfRange(maps[0], r * plane, (r + 1) * plane);
                float[] sb = Arrays.copyOfRange(maps[1], r * plane, (r + 1) * plane);
                AtomicFiles.write(mapA, o -> Npy.writeFloat32(o, shape, sa));
                AtomicFiles.write(mapB, o -> Npy.writeFloat32(o, shape, sb));
                Stimulus so = in.set().stimuli().get(ooc[r]);
                Stimulus sr = in.set().stimuli().get(refIdx[r]);
                List<ReferenceCandidate> listed = cands.get(r).stream().map(c -> new ReferenceCandidate(
                        in.set().stimuli().get(in.preferred()[c.index()]).id(), c.similarity())).toList();
                rows.add(new PairRow(neuron, r + 1, so.id(), so.category(), imageRel(so.id()), sr.id(), sr.category(),
                        imageRel(sr.id()), cands.get(r).get(0).similarity(), in.means()[ooc[r]][j],
                        predicted[ooc[r]][j], in.means()[refIdx[r]][j], predicted[refIdx[r]][j],
                        ctx.out.root().relativize(mapA).toString(), ctx.out.root().relativize(mapB).toString(), listed));
            }
            return rows;
        }

        private String imageRel(String stimulusId) {
            return ctx.out.root().relativize(ctx.out.images()).toString() + "/" + in.stimulusNames().of(stimulusId)
                    + ".png";
        }

        /**
         * Preprocesses a stimulus and saves its model-geometry PNG (the pixels the maps refer to),
         * replacing a file an earlier run wrote from another picture or geometry.
         */
        private float[] modelInput(int index) throws IOException {
            Stimulus s = in.set().stimuli().get(index);
            BufferedImage geo = pre.geometry(ImageDecoder.read(s.image()));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(geo, "png", png);
            AtomicFiles.writeIfChanged(ctx.out.root().resolve(imageRel(s.id())), png.toByteArray());
            return pre.toTensor(geo);
        }
    }
}
