package io.github.sharedvis.pipeline;

import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.ReferenceCandidate;
import io.github.sharedvis.util.AtomicFiles;
import io.github.sharedvis.util.OrderedWriter;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * The explain step's work for one neuron, with the machinery built once for all of them: its pairs
 * ({@link #plan}), the model-geometry images ({@link #modelInput}), the maps and its pairs.csv rows
 * ({@link #mapFile}, {@link #writeMap}, {@link #rows}). {@link #explain} does all of it for one neuron alone
 * (the per-neuron path).
 */
final class NeuronExplainer {

    /**
     * One neuron's pairs.
     *
     * @param neuron the neuron's position in the response file's order (its row in the readout)
     * @param ooc the stimulus index of each pair's ooc image, strongest response first {@code [k]}
     * @param reference the stimulus index of each pair's reference {@code [k]}
     * @param candidates each pair's listed reference candidates, the chosen one first
     */
    record Plan(int neuron, int[] ooc, int[] reference, List<List<Candidate>> candidates) {}

    private final RunContext ctx;
    private final RunInputs in;
    private final PairExplainer explainer;
    private final SharedSaliency saliency;
    private final ReadoutRows z;
    private final float[][] zPref;
    private final Preprocessing pre;
    /**
     * The model inputs this step has preprocessed, most recently used last, at most
     * {@link #CACHED_IMAGES}: a stimulus that several pairs use is decoded once per step, not once per use.
     */
    private final Map<Integer, float[]> inputs = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, float[]> eldest) {
            return size() > CACHED_IMAGES;
        }
    };
    /** The stimuli whose model-geometry PNG this step has written (each is written once per step). */
    private final Set<Integer> written = new HashSet<>();

    /**
     * Model inputs kept decoded within a step: 3 × H × W floats each, so at most 113 MB of heap at
     * 192 × 192 and 154 MB at 224 × 224. A stimulus used again after 256 others is decoded again.
     */
    static final int CACHED_IMAGES = 256;

    /**
     * @param z the readout's features and predictions of every stimulus
     * @param zPref the readout's features of the preferred stimuli, float32 {@code [n_pref][K]}
     */
    NeuronExplainer(RunContext ctx, PairExplainer explainer, ReadoutRows z, float[][] zPref, Preprocessing pre)
            throws IOException {
        this.ctx = ctx;
        this.in = ctx.inputs();
        this.explainer = explainer;
        this.saliency = explainer.saliency();
        this.z = z;
        this.zPref = zPref;
        this.pre = pre;
    }

    /** @return the saliency the maps are computed with */
    SharedSaliency saliency() {
        return saliency;
    }

    /** @return the machinery */
    PairExplainer explainer() {
        return explainer;
    }

    /** Neuron j's top-k ooc images and their references. */
    Plan plan(int j) {
        PairExplainer.Pairs p = explainer.pairs(j, in, z::z, zPref, ctx.config.explain().topK());
        return new Plan(j, p.ooc(), p.reference(), p.candidates());
    }

    /**
     * Computes neuron j's maps for it alone, writes its images, queues its maps on {@code out} and
     * returns its pairs.csv rows.
     */
    List<PairRow> explain(int j, OrderedWriter out) throws IOException {
        Plan plan = plan(j);
        int k = plan.ooc().length;
        int plane = 3 * pre.height() * pre.width();
        float[] a = new float[k * plane];
        float[] b = new float[k * plane];
        for (int r = 0; r < k; r++) {
            System.arraycopy(modelInput(plan.ooc()[r]), 0, a, r * plane, plane);
            System.arraycopy(modelInput(plan.reference()[r]), 0, b, r * plane, plane);
        }
        float[][] maps = explainer.maps(saliency, a, b, j);
        float[][] sa = new float[k][];
        float[][] sb = new float[k][];
        for (int r = 0; r < k; r++) {
            sa[r] = Arrays.copyOfRange(maps[0], r * plane, (r + 1) * plane);
            sb[r] = Arrays.copyOfRange(maps[1], r * plane, (r + 1) * plane);
        }
        for (int r = 0; r < k; r++) {
            writeMap(mapFile(plan, r, 0), sa[r], out);
            writeMap(mapFile(plan, r, 1), sb[r], out);
        }
        return rows(plan);
    }

    /**
     * The file of a neuron's map.
     *
     * @param r the pair's position in the plan, from 0
     * @param side 0 for the ooc image's map, 1 for the reference's
     */
    Path mapFile(Plan plan, int r, int side) {
        String neuron = in.responses().neuronIds().get(plan.neuron());
        return ctx.out.maps().resolve(in.neuronNames().of(neuron))
                .resolve(String.format(Locale.ROOT, side == 0 ? "%02d_ooc.npy" : "%02d_reference.npy", r + 1));
    }

    /** Queues a raw map {@code [3 × H × W]} for writing as a float32 .npy file. */
    void writeMap(Path file, float[] map, OrderedWriter out) throws IOException {
        long[] shape = {3, pre.height(), pre.width()};
        out.submit(() -> AtomicFiles.write(file, o -> Npy.writeFloat32(o, shape, map)));
    }

    /** A neuron's pairs.csv rows, naming its images and the files of {@link #mapFile}. */
    List<PairRow> rows(Plan plan) {
        int j = plan.neuron();
        String neuron = in.responses().neuronIds().get(j);
        List<PairRow> rows = new ArrayList<>();
        for (int r = 0; r < plan.ooc().length; r++) {
            int oi = plan.ooc()[r];
            int ri = plan.reference()[r];
            Stimulus so = in.set().stimuli().get(oi);
            Stimulus sr = in.set().stimuli().get(ri);
            List<Candidate> cands = plan.candidates().get(r);
            List<ReferenceCandidate> listed = cands.stream().map(c -> new ReferenceCandidate(
                    in.set().stimuli().get(in.preferred()[c.index()]).id(), c.similarity())).toList();
            rows.add(new PairRow(neuron, r + 1, so.id(), so.category(), imageRel(so.id()), sr.id(), sr.category(),
                    imageRel(sr.id()), cands.get(0).similarity(), in.mean(oi, j), z.predicted(oi, j),
                    in.mean(ri, j), z.predicted(ri, j), ctx.out.root().relativize(mapFile(plan, r, 0)).toString(),
                    ctx.out.root().relativize(mapFile(plan, r, 1)).toString(), listed));
        }
        return rows;
    }

    private String imageRel(String stimulusId) {
        return ctx.out.root().relativize(ctx.out.images()).toString() + "/" + in.stimulusNames().of(stimulusId)
                + ".png";
    }

    /**
     * Preprocesses a stimulus and saves its model-geometry PNG (the pixels the maps refer to),
     * replacing a file an earlier run wrote from another picture or geometry. Within a step each
     * stimulus is decoded and its PNG encoded and written once (see {@link #CACHED_IMAGES}).
     *
     * @return the preprocessed image {@code [3, H, W]} flattened; shared with later calls, not to be modified
     */
    float[] modelInput(int index) throws IOException {
        float[] cached = inputs.get(index);
        if (cached != null) {
            return cached;
        }
        Stimulus s = in.set().stimuli().get(index);
        BufferedImage geo = pre.geometry(ImageDecoder.read(s.image()));
        if (written.add(index)) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(geo, "png", png);
            AtomicFiles.writeIfChanged(ctx.out.root().resolve(imageRel(s.id())), png.toByteArray());
        }
        float[] x = pre.toTensor(geo);
        inputs.put(index, x);
        return x;
    }
}
