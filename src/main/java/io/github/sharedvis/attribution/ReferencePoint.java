package io.github.sharedvis.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * The reference point of "shared" ({@code docs/method.md}, section 3): the neuron-specific
 * similarity and the shared weighting are computed on features relative to it,
 * {@code f̃ = (f − c) / s}, instead of on the raw features.
 *
 * <p>Why: spatially averaged ReLU features are non-negative and dominated by what every image has
 * (measured on the validation's MoveNet features: {@code cos(w ⊙ f(a), w ⊙ f(b)) ≈ 0.97} for nearly
 * every pair, and the paper weighting {@code w² ⊙ f(a) ⊙ f(b)} of one image almost independent of the
 * reference). Relative to a centre, a dimension counts as shared only where both images depart from the
 * centre in the same direction.
 *
 * <p>The point moves {@code v}, never the Jacobian: the maps are {@code J(x)ᵀ ∂(v · f̃)/∂f =
 * J(x)ᵀ (v / s)} (see {@link #featureGradient}); with {@code s = 1} that is {@code J(x)ᵀ v}. A ridge
 * readout with an intercept is itself centred at its training mean, so {@link Kind#PREFERRED_MEAN} is
 * the point the readout already uses.
 *
 * @param kind how the point was chosen (for provenance)
 * @param centre {@code c} {@code [D]}
 * @param scale {@code s} {@code [D]}, all positive (1 unless z-scored)
 */
public record ReferencePoint(Kind kind, float[] centre, float[] scale) {

    /** How the reference point is chosen; the config names are the lower-case constant names. */
    public enum Kind {
        /** {@code c = 0}, {@code s = 1}: the literal reading of the paper. */
        NONE,
        /** {@code c} = the mean over the preferred-category images (the readout's training set). */
        PREFERRED_MEAN,
        /** {@code c} = the mean over all stimuli. */
        STIMULUS_MEAN,
        /** {@code c} = the mean and {@code s} = the standard deviation over all stimuli (a constant dimension gets {@code s = 1}). */
        ZSCORE;

        /** @return the config name, e.g. {@code preferred_mean} */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @param name a config name
         * @return the kind
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Kind fromConfig(String name) {
            for (Kind k : values()) {
                if (k.configName().equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown reference point '" + name + "'; use one of "
                    + Arrays.stream(values()).map(Kind::configName).toList());
        }
    }

    /**
     * @throws IllegalArgumentException when the lengths differ or a scale is not positive and finite
     */
    public ReferencePoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(scale, "scale");
        if (centre.length != scale.length) {
            throw new IllegalArgumentException("centre has " + centre.length + " values but scale " + scale.length);
        }
        for (int k = 0; k < scale.length; k++) {
            if (!(scale[k] > 0) || Float.isInfinite(scale[k]) || !Float.isFinite(centre[k])) {
                throw new IllegalArgumentException("reference point dimension " + k + ": centre " + centre[k]
                        + ", scale " + scale[k] + "; the scale must be positive and both finite");
            }
        }
        centre = centre.clone();
        scale = scale.clone();
    }

    /**
     * @param d the feature dimension
     * @return the literal reading, {@code c = 0}, {@code s = 1}
     */
    public static ReferencePoint none(int d) {
        float[] one = new float[d];
        Arrays.fill(one, 1f);
        return new ReferencePoint(Kind.NONE, new float[d], one);
    }

    /**
     * Computes a reference point from features.
     *
     * @param kind the kind
     * @param all features of every stimulus {@code [n][D]} (used by {@code STIMULUS_MEAN} and {@code ZSCORE})
     * @param preferred features of the preferred-category images {@code [P][D]} (used by {@code PREFERRED_MEAN})
     * @return the point
     * @throws IllegalArgumentException when the rows needed are empty or of unequal length
     */
    public static ReferencePoint of(Kind kind, float[][] all, float[][] preferred) {
        int d = (all.length > 0 ? all : preferred)[0].length;
        return switch (kind) {
            case NONE -> none(d);
            case PREFERRED_MEAN -> new ReferencePoint(kind, mean(preferred, "preferred"), none(d).scale);
            case STIMULUS_MEAN -> new ReferencePoint(kind, mean(all, "all"), none(d).scale);
            case ZSCORE -> {
                float[] c = mean(all, "all");
                float[] s = new float[d];
                for (int k = 0; k < d; k++) {
                    double ss = 0;
                    for (float[] row : all) {
                        double e = row[k] - c[k];
                        ss += e * e;
                    }
                    double sd = Math.sqrt(ss / all.length);
                    s[k] = sd > 0 && Double.isFinite(sd) ? (float) sd : 1f;
                }
                yield new ReferencePoint(kind, c, s);
            }
        };
    }

    private static float[] mean(float[][] rows, String what) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no " + what + " feature rows to take the mean of");
        }
        int d = rows[0].length;
        double[] sum = new double[d];
        for (float[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException(what + " feature rows have " + row.length + " and " + d + " values");
            }
            for (int k = 0; k < d; k++) {
                sum[k] += row[k];
            }
        }
        float[] c = new float[d];
        for (int k = 0; k < d; k++) {
            c[k] = (float) (sum[k] / rows.length);
        }
        return c;
    }

    /** @return the feature dimension {@code D} */
    public int dimension() {
        return centre.length;
    }

    @Override
    public float[] centre() {
        return centre.clone();
    }

    @Override
    public float[] scale() {
        return scale.clone();
    }

    /**
     * @param f features {@code [D]}
     * @return {@code f̃ = (f − c) / s} {@code [D]}, in double precision
     */
    public double[] relative(float[] f) {
        requireLength(f.length);
        double[] r = new double[f.length];
        for (int k = 0; k < f.length; k++) {
            r[k] = ((double) f[k] - centre[k]) / scale[k];
        }
        return r;
    }

    /**
     * @param f features {@code [N, D]}
     * @return {@code f̃ = (f − c) / s} {@code [N, D]}, in {@code f}'s manager
     */
    public NDArray relative(NDArray f) {
        requireLength(f.getShape().get(f.getShape().dimension() - 1));
        if (isIdentity()) {
            return f.duplicate();
        }
        try (NDManager scope = NDManager.subManagerOf(f)) {
            scope.tempAttachAll(f);
            NDArray c = scope.create(centre).toDevice(f.getDevice(), false).toType(f.getDataType(), false);
            NDArray s = scope.create(scale).toDevice(f.getDevice(), false).toType(f.getDataType(), false);
            return scope.ret(f.sub(c).div(s));
        }
    }

    /**
     * The output gradient on the raw features of the objective {@code v · f̃(x)}: {@code v / s}.
     *
     * @param v a weighting on the relative features {@code [N, D]}
     * @return {@code v / s} {@code [N, D]}, in {@code v}'s manager
     */
    public NDArray featureGradient(NDArray v) {
        requireLength(v.getShape().get(v.getShape().dimension() - 1));
        if (isUnitScale()) {
            return v.duplicate();
        }
        try (NDManager scope = NDManager.subManagerOf(v)) {
            scope.tempAttachAll(v);
            NDArray s = scope.create(scale).toDevice(v.getDevice(), false).toType(v.getDataType(), false);
            return scope.ret(v.div(s));
        }
    }

    /** @return whether {@code s = 1} everywhere */
    public boolean isUnitScale() {
        for (float x : scale) {
            if (x != 1f) {
                return false;
            }
        }
        return true;
    }

    /** @return whether {@code f̃ = f} ({@code c = 0}, {@code s = 1}) */
    public boolean isIdentity() {
        for (float x : centre) {
            if (x != 0f) {
                return false;
            }
        }
        return isUnitScale();
    }

    private void requireLength(long d) {
        if (d != centre.length) {
            throw new IllegalArgumentException("features have " + d + " dimensions but the reference point has "
                    + centre.length + "; compute it from features of the same layer (and transform)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReferencePoint r && r.kind == kind && Arrays.equals(r.centre, centre)
                && Arrays.equals(r.scale, scale);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(centre), Arrays.hashCode(scale));
    }

    @Override
    public String toString() {
        return "ReferencePoint[" + kind.configName() + ", D=" + centre.length + "]";
    }
}
