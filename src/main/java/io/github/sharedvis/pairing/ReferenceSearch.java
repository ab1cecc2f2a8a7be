package io.github.sharedvis.pairing;

import io.github.sharedvis.attribution.ReferencePoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Finds, for one neuron and one out-of-category image, the preferred-category images most similar
 * to it under {@link NeuronSimilarity} ({@code docs/method.md}, section 3): the top-m candidates
 * with their similarities, best first, optionally among only the neuron's top-q fraction of preferred
 * images by response, with features relative to a {@link ReferencePoint}. Ties keep the lower index
 * first. Immutable and thread-safe.
 *
 * <pre>{@code
 * List<Candidate> refs = ReferenceSearch.builder().topM(5).topQ(0.5).build()
 *         .search(fOoc, fPreferred, responses, w);
 * }</pre>
 */
public final class ReferenceSearch {

    private final int topM;
    private final double topQ;
    private final ReferencePoint referencePoint;

    private ReferenceSearch(Builder b) {
        this.topM = b.topM;
        this.topQ = b.topQ;
        this.referencePoint = b.referencePoint;
    }

    /** @return the reference point of the similarity, or null for the literal reading */
    public ReferencePoint referencePoint() {
        return referencePoint;
    }

    /** @return a builder (defaults: top-m 1, top-q 1 = all preferred images) */
    public static Builder builder() {
        return new Builder();
    }

    /** @return how many candidates a search returns at most */
    public int topM() {
        return topM;
    }

    /** @return the fraction of preferred images, by response, searched */
    public double topQ() {
        return topQ;
    }

    /**
     * Searches the references of one out-of-category image.
     *
     * @param fOoc features of the out-of-category image {@code [D]}
     * @param fPreferred features of the preferred-category images {@code [P][D]}
     * @param preferredResponses the neuron's responses to them {@code [P]} (recorded, or predicted for
     *     model neurons); may be {@code null} when top-q is 1
     * @param w the neuron's readout weights {@code [D]}
     * @return up to top-m candidates, best first
     * @throws IllegalArgumentException on mismatched lengths, missing or NaN responses
     */
    public List<Candidate> search(float[] fOoc, float[][] fPreferred, double[] preferredResponses, double[] w) {
        return search(new float[][] {fOoc}, fPreferred, preferredResponses, w).get(0);
    }

    /**
     * Searches the references of several out-of-category images for the same neuron.
     *
     * @param fOoc features of the out-of-category images {@code [K][D]}
     * @param fPreferred features of the preferred-category images {@code [P][D]}
     * @param preferredResponses the neuron's responses to them {@code [P]}; may be {@code null} when top-q is 1
     * @param w the neuron's readout weights {@code [D]}
     * @return for each out-of-category image, up to top-m candidates, best first
     */
    public List<List<Candidate>> search(float[][] fOoc, float[][] fPreferred, double[] preferredResponses,
            double[] w) {
        int[] eligible = eligible(fPreferred.length, preferredResponses);
        double[][] uo = NeuronSimilarity.weightedUnit(fOoc, w, referencePoint, "fOoc");
        float[][] chosen = new float[eligible.length][];
        for (int i = 0; i < eligible.length; i++) {
            chosen[i] = fPreferred[eligible[i]];
        }
        double[][] up = NeuronSimilarity.weightedUnit(chosen, w, referencePoint,
                "fPreferred(eligible)");
        Comparator<Candidate> order = Comparator.comparingDouble(Candidate::similarity).reversed()
                .thenComparingInt(Candidate::index);
        List<List<Candidate>> out = new ArrayList<>(fOoc.length);
        for (double[] u : uo) {
            List<Candidate> all = new ArrayList<>(eligible.length);
            for (int i = 0; i < eligible.length; i++) {
                all.add(new Candidate(eligible[i], NeuronSimilarity.dot(u, up[i])));
            }
            all.sort(order);
            out.add(List.copyOf(all.subList(0, Math.min(topM, all.size()))));
        }
        return out;
    }

    /** The indices of the top-q fraction of preferred images by response (at least one). */
    private int[] eligible(int p, double[] responses) {
        if (p == 0) {
            throw new IllegalArgumentException("no preferred-category images to search");
        }
        if (topQ >= 1) {
            if (responses != null && responses.length != p) {
                throw new IllegalArgumentException("preferredResponses has " + responses.length
                        + " values but there are " + p + " preferred images");
            }
            return IntStream.range(0, p).toArray();
        }
        if (responses == null) {
            throw new IllegalArgumentException("top-q = " + topQ + " needs the neuron's responses to the preferred "
                    + "images; pass preferredResponses or set topQ(1)");
        }
        if (responses.length != p) {
            throw new IllegalArgumentException("preferredResponses has " + responses.length
                    + " values but there are " + p + " preferred images");
        }
        for (int i = 0; i < p; i++) {
            if (Double.isNaN(responses[i])) {
                throw new IllegalArgumentException("preferredResponses[" + i + "] is NaN; drop images without a "
                        + "response before the search");
            }
        }
        int keep = Math.max(1, (int) Math.ceil(topQ * p - 1e-9));
        return IntStream.range(0, p).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> responses[i]).reversed().thenComparingInt(i -> i))
                .limit(keep).mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Options for {@link ReferenceSearch}. */
    public static final class Builder {
        private int topM = 1;
        private double topQ = 1;
        private ReferencePoint referencePoint;

        private Builder() {}

        /**
         * @param p the reference point of the similarity ({@code D} as the features), or null for the
         *     literal reading {@code c = 0} (the default); costs one subtraction per feature
         * @return this
         */
        public Builder referencePoint(ReferencePoint p) {
            this.referencePoint = p;
            return this;
        }

        /**
         * @param m how many candidates to return, at least 1
         * @return this
         */
        public Builder topM(int m) {
            if (m < 1) {
                throw new IllegalArgumentException("topM must be at least 1; got " + m);
            }
            this.topM = m;
            return this;
        }

        /**
         * @param q the fraction of preferred images, by the neuron's response, to search, in (0, 1];
         *     {@code ceil(q × P)} images (at least one) are kept
         * @return this
         */
        public Builder topQ(double q) {
            if (!(q > 0 && q <= 1)) {
                throw new IllegalArgumentException("topQ must be in (0, 1]; got " + q);
            }
            this.topQ = q;
            return this;
        }

        /** @return the search */
        public ReferenceSearch build() {
            return new ReferenceSearch(this);
        }
    }
}
