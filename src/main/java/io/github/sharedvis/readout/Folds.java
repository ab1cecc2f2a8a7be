package io.github.sharedvis.readout;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A checked cross-validation fold assignment for {@link EncodingModel#fit}: every fold non-empty and
 * leaving at least two training images, so every fold's ridge problem is defined before any is solved.
 *
 * @param ofRow {@code [n]} the fold of each row, {@code 0..count-1}
 * @param sizes {@code [count]} rows per fold
 */
record Folds(int[] ofRow, int[] sizes) {

    /**
     * @param foldOfRow the fold of each row
     * @param n the number of rows there must be
     * @return the checked assignment
     * @throws IllegalArgumentException naming the first problem
     */
    static Folds of(int[] foldOfRow, int n) {
        if (foldOfRow.length != n) {
            throw new IllegalArgumentException(foldOfRow.length + " fold labels for " + n + " images");
        }
        int k = Arrays.stream(foldOfRow).max().orElse(-1) + 1;
        int[] sizes = new int[Math.max(k, 0)];
        for (int f : foldOfRow) {
            if (f < 0) {
                throw new IllegalArgumentException("fold labels must be >= 0, got " + f);
            }
            sizes[f]++;
        }
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        for (int f = 0; f < k; f++) {
            if (sizes[f] == 0) {
                throw new IllegalArgumentException("fold " + f + " is empty; number the folds 0.." + (k - 1));
            }
            if (n - sizes[f] < 2) {
                throw new IllegalArgumentException("fold " + f + " leaves fewer than 2 training images");
            }
        }
        return new Folds(foldOfRow, sizes);
    }

    /**
     * The fold of each row: a seeded shuffle cut into {@code k} contiguous parts whose sizes differ by
     * at most one (the first {@code n % k} folds are one larger), as scikit-learn's shuffled KFold.
     *
     * @param n rows
     * @param k folds
     * @param seed the seed
     * @return {@code [n]} fold index of each row
     */
    static int[] kFold(int n, int k, long seed) {
        if (k > n) {
            throw new IllegalArgumentException(k + " folds need at least " + k + " images, got " + n);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] fold = new int[n];
        int pos = 0;
        for (int f = 0; f < k; f++) {
            int size = n / k + (f < n % k ? 1 : 0);
            for (int j = 0; j < size; j++) {
                fold[perm[pos++]] = f;
            }
        }
        return fold;
    }

    /** @return the number of folds */
    int count() {
        return sizes.length;
    }

    /** @return the size of the smallest fold */
    int smallest() {
        return Arrays.stream(sizes).min().getAsInt();
    }

    /** @return the rows in fold {@code f}, ascending */
    int[] test(int f) {
        return rowsWhere(f, true);
    }

    /** @return the rows outside fold {@code f}, ascending */
    int[] train(int f) {
        return rowsWhere(f, false);
    }

    private int[] rowsWhere(int f, boolean in) {
        return IntStream.range(0, ofRow.length).filter(i -> (ofRow[i] == f) == in).toArray();
    }
}
