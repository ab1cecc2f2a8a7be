package io.github.sharedvis.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code .npy}: one array, no ids (rows in the stimulus set's order, neurons {@code n0..}). A C-order
 * numeric array is streamed into the {@link Trials} store in blocks of {@link #BLOCK_BYTES} ({@link
 * #stream}, also used for an {@code .npz} member), so no copy of the whole file exists besides the
 * store; a Fortran-order one is read whole first.
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
        return read(file, opts, Trials.CHUNK_SHIFT, Trials.MAP_BYTES);
    }

    /** {@link #read(Path, ResponseOptions)} into a store of chunks of {@code 2^shift} values, mapped from {@code mapBytes}. */
    Responses read(Path file, ResponseOptions opts, int shift, long mapBytes) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BLOCK_BYTES)) {
            Npy.Header h = Npy.readHeader(in, file.toString());
            if (!streamable(h)) {
                in.close();
                return ResponseArrays.fromNumeric(ResponseArrays.Numeric.of(Npy.read(file)), null, null, file + "",
                        opts.scratch());
            }
            return stream(in, h, null, null, file + "", opts.scratch(), shift, mapBytes);
        }
    }

    /** @return whether {@link #stream} reads this array: C order, numeric */
    static boolean streamable(Npy.Header h) {
        return !h.fortran() && h.descr().length() >= 3 && "fiub".indexOf(h.descr().charAt(1)) >= 0;
    }

    /**
     * Reads the data of a {@link #streamable} array straight into a store.
     *
     * @param in positioned at the first data byte
     * @param h its header
     * @param stimulusIds one per row, or null
     * @param neuronIds one per neuron, or null
     * @param what the file and variable, for messages
     * @param scratch where a large store goes, or null
     * @param shift chunks of {@code 2^shift} values ({@link Trials#CHUNK_SHIFT})
     * @param mapBytes the smallest store that goes to {@code scratch} ({@link Trials#MAP_BYTES})
     * @return the responses
     * @throws IOException when the data are truncated or of an unsupported type
     */
    static Responses stream(InputStream in, Npy.Header h, List<String> stimulusIds, List<String> neuronIds,
            String what, Path scratch, int shift, long mapBytes) throws IOException {
        int[] shape = new int[h.shape().length];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = Math.toIntExact(h.shape()[d]);
        }
        List<String> nids = ResponseArrays.checkIds(shape, stimulusIds, neuronIds, what);
        int ni = shape[0];
        int nn = shape[1];
        int nr = shape.length > 2 ? shape[2] : 1;
        Trials t = Trials.allocate(ni, nn, nr, scratch, shift, mapBytes);
        ByteOrder order = h.descr().charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = h.descr().charAt(1);
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
                throw new IOException(what + ": truncated .npy data (expected " + total * width + " bytes, found "
                        + (done * width + got) + ")");
            }
            ByteBuffer buf = ByteBuffer.wrap(raw, 0, got).order(order);
            for (int k = 0; k < m; k++) {
                t.set(i, n, r, Npy.readValue(buf, kind, width, what, h.descr()));
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
        try {
            return new Responses(stimulusIds, nids, t);
        } catch (IllegalArgumentException e) {
            throw new io.github.sharedvis.util.InputException(what + ": " + e.getMessage(), e);
        }
    }
}
