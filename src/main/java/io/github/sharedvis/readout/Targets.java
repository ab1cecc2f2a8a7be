package io.github.sharedvis.readout;

/**
 * The responses a readout is fitted to, read a block of neurons at a time, so that no
 * {@code [n][q]} double copy of a large recording needs to exist (e.g. widened block by block from
 * a float32 response store).
 */
public interface Targets {

    /** @return the number of images (rows) */
    int rows();

    /** @return the number of neurons (columns) */
    int columns();

    /**
     * @param j0 first neuron
     * @param j1 end of the neurons, exclusive ({@code j0 < j1 <= columns()})
     * @return {@code [rows()][j1 - j0]} the responses of those neurons, a fresh array the caller may keep
     */
    double[][] block(int j0, int j1);

    /**
     * @param y {@code [n][q]} responses, every row the same length
     * @return them as targets (blocks are copies of their columns)
     */
    static Targets of(double[][] y) {
        int q = y.length == 0 ? 0 : y[0].length;
        return new Targets() {
            @Override
            public int rows() {
                return y.length;
            }

            @Override
            public int columns() {
                return q;
            }

            @Override
            public double[][] block(int j0, int j1) {
                double[][] out = new double[y.length][];
                for (int i = 0; i < y.length; i++) {
                    if (y[i].length != q) {
                        throw new IllegalArgumentException("responses: row " + i + " has " + y[i].length
                                + " values, row 0 has " + q);
                    }
                    out[i] = java.util.Arrays.copyOfRange(y[i], j0, j1);
                }
                return out;
            }
        };
    }
}
