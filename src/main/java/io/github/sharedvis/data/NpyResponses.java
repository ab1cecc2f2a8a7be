package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code .npy}: one array, no ids (rows in the stimulus set's order, neurons {@code n0..}). A C-order
 * numeric array is streamed into the {@link Trials} store in blocks of {@link #BLOCK_BYTES}, so no
 * copy of the whole file exists besides the store; a Fortran-order one is read whole first.
 */
final class NpyResponses implements ResponseFormat {

    /** Bytes of the file converted at a time (1 MB). */
    static final int BLOCK_BYTES = 1 << 20;

    @Override
    public List<String> extensions() {
        return List.of("npy");
    }

    @Override
    public boolean recognises(Path file, byte[] head) {
        return head.length >= 6 && head[0] == (byte) 0x93 && head[1] == 'N';
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BLOCK_BYTES)) {
            Npy.Header h = Npy.readHeader(in, file.toString());
            char kind = h.descr().length() < 3 ? '?' : h.descr().charAt(1);
            if (h.fortran() || "fiub".indexOf(kind) < 0) {
                in.close();
                return ResponseArrays.fromNumeric(ResponseArrays.Numeric.of(Npy.read(file)), null, null, file + "",
                        opts.scratch());
            }
            return stream(in, h, kind, file, opts.scratch());
        }
    }

    private static Responses stream(InputStream in, Npy.Header h, char kind, Path file, Path scratch)
            throws IOException {
        long[] shape = h.shape();
        if (shape.length != 2 && shape.length != 3) {
            throw new InputException(file + ": responses must be [n_images, n_neurons] or "
                    + "[n_images, n_neurons, n_repeats], found shape " + Arrays.toString(shape));
        }
        int ni = Math.toIntExact(shape[0]);
        int nn = Math.toIntExact(shape[1]);
        int nr = shape.length > 2 ? Math.toIntExact(shape[2]) : 1;
        Trials t = Trials.allocate(ni, nn, nr, scratch);
        ByteOrder order = h.descr().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int width = h.width();
        long total = h.size();
        int per = Math.max(1, BLOCK_BYTES / width);
        byte[] raw = new byte[per * width];
        long done = 0;
        int i = 0;
        int n = 0;
        int r = 0;
        while (done < total) {
            int m = (int) Math.min(per, total - done);
            int got = in.readNBytes(raw, 0, m * width);
            if (got != m * width) {
                throw new IOException(file + ": truncated .npy data (expected " + total * width + " bytes, found "
                        + (done * width + got) + ")");
            }
            ByteBuffer buf = ByteBuffer.wrap(raw, 0, got).order(order);
            for (int k = 0; k < m; k++) {
                t.set(i, n, r, Npy.readValue(buf, kind, width, file.toString(), h.descr()));
                if (++r == nr) {
                    r = 0;
                    if (++n == nn) {
                        n = 0;
                        i++;
                    }
                }
            }
            done += m;
        }
        List<String> neurons = new java.util.ArrayList<>(nn);
        for (int k = 0; k < nn; k++) {
            neurons.add("n" + k);
        }
        return ResponseArrays.withContext(file, () -> new Responses(null, neurons, t));
    }
}
