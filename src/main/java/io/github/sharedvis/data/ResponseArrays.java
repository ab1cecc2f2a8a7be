package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the array formats (.npy, .npz, .mat, HDF5) share: a numeric array of responses with optional id
 * vectors, which variable holds the responses, and numeric ids.
 */
final class ResponseArrays {

    private ResponseArrays() {}

    /**
     * A numeric array of 2 or 3 dimensions, row-major unless {@code columnMajor} (MATLAB).
     *
     * @param shape {@code [n_images, n_neurons]} or {@code [n_images, n_neurons, n_repeats]}
     * @param data the values, flat
     * @param columnMajor whether the first index varies fastest
     */
    record Numeric(int[] shape, double[] data, boolean columnMajor) {
        static Numeric of(Npy.Array a) {
            int[] s = new int[a.shape().length];
            for (int i = 0; i < s.length; i++) {
                s[i] = Math.toIntExact(a.shape()[i]);
            }
            return new Numeric(s, a.data(), false);
        }

        double get(int i, int n, int r) {
            int ni = shape[0];
            int nn = shape[1];
            int nr = shape.length > 2 ? shape[2] : 1;
            if (columnMajor) {
                return data[i + ni * (n + nn * r)];
            }
            return data[(i * nn + n) * nr + r];
        }
    }

    /**
     * @param a the array
     * @param stimulusIds one per row, or null (rows in the stimulus set's order)
     * @param neuronIds one per neuron, or null ({@code n0..n{k-1}})
     * @param what the file and variable, for messages
     * @param scratch where a large store goes ({@link ResponseOptions#scratch}), or null
     * @return the responses
     */
    static Responses fromNumeric(Numeric a, List<String> stimulusIds, List<String> neuronIds, String what,
            java.nio.file.Path scratch) {
        List<String> nids = checkIds(a.shape(), stimulusIds, neuronIds, what);
        int ni = a.shape()[0];
        int nn = a.shape()[1];
        int nr = a.shape().length > 2 ? a.shape()[2] : 1;
        Trials t = Trials.allocate(ni, nn, nr, scratch);
        for (int i = 0; i < ni; i++) {
            for (int n = 0; n < nn; n++) {
                for (int r = 0; r < nr; r++) {
                    t.set(i, n, r, a.get(i, n, r));
                }
            }
        }
        try {
            return new Responses(stimulusIds, nids, t);
        } catch (IllegalArgumentException e) {
            throw new InputException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks an array's shape against its id vectors.
     *
     * @param shape {@code [n_images, n_neurons]} or {@code [n_images, n_neurons, n_repeats]}
     * @param stimulusIds one per row, or null
     * @param neuronIds one per neuron, or null
     * @param what the file and variable, for messages
     * @return the neuron ids ({@code n0..n{k-1}} when null)
     */
    static List<String> checkIds(int[] shape, List<String> stimulusIds, List<String> neuronIds, String what) {
        if (shape.length != 2 && shape.length != 3) {
            throw new InputException(what + ": responses must be [n_images, n_neurons] or "
                    + "[n_images, n_neurons, n_repeats], found shape " + Arrays.toString(shape));
        }
        int ni = shape[0];
        int nn = shape[1];
        if (stimulusIds != null && stimulusIds.size() != ni) {
            throw new InputException(what + ": " + stimulusIds.size() + " stimulus ids for " + ni
                    + " rows (first dimension of shape " + Arrays.toString(shape) + ")");
        }
        if (neuronIds != null && neuronIds.size() != nn) {
            throw new InputException(what + ": " + neuronIds.size() + " neuron ids for " + nn
                    + " neurons (second dimension of shape " + Arrays.toString(shape) + ")");
        }
        if (neuronIds == null) {
            neuronIds = new ArrayList<>(nn);
            for (int n = 0; n < nn; n++) {
                neuronIds.add("n" + n);
            }
        }
        return neuronIds;
    }

    /**
     * The responses variable when the options name none: {@code responses}, else the only candidate.
     *
     * @param candidates the numeric arrays of 2 or 3 dimensions
     * @param all every variable, for the message
     * @param file the file
     * @return the variable
     */
    static String autoVariable(List<String> candidates, Collection<String> all, Path file) {
        if (all.contains("responses")) {
            return "responses";
        }
        if (candidates.size() == 1) {
            return candidates.get(0);
        }
        throw new InputException(file + ": cannot tell which variable holds the responses ("
                + (candidates.isEmpty() ? "no numeric array of 2 or 3 dimensions among " + all
                : "candidates " + candidates) + "); name it 'responses' or set the variable option");
    }

    /**
     * @param v numeric ids
     * @param what the file and variable, for messages
     * @return them as strings ({@code 3.0} becomes {@code "3"})
     */
    static List<String> numbersAsIds(double[] v, String what) {
        List<String> out = new ArrayList<>(v.length);
        for (double d : v) {
            if (d != Math.rint(d) || Double.isInfinite(d)) {
                throw new InputException(what + ": numeric ids must be integers, found " + d);
            }
            out.add(Long.toString((long) d));
        }
        return out;
    }

    /** Prefixes what {@link Responses} rejects with the file, which it does not know. */
    static Responses withContext(Path file, Supplier<Responses> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }
}
