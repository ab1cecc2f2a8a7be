package io.github.sharedvis.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes NumPy {@code .npy} files (format versions 1 to 3), so that arrays written by
 * sharedvis open in NumPy and MATLAB without sharedvis, and arrays from Python fixtures load here.
 *
 * <p>Reading accepts little- and big-endian float16/32/64, signed and unsigned integers of 1 to 8
 * bytes and booleans in C or Fortran order; every value is returned as a {@code double} in C
 * (row-major) order. Writing produces little-endian float32 or float64 in C order.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /**
     * An n-dimensional array of doubles in row-major order.
     *
     * @param shape the dimensions, outermost first; empty for a scalar
     * @param data the values, {@code product(shape)} of them
     * @param dtype the NumPy type string the values were read from (e.g. {@code <f4})
     */
    public record Array(long[] shape, double[] data, String dtype) implements Entry {
        /** @return the number of elements */
        public long size() {
            return data.length;
        }

        /** @return the values as float32 */
        public float[] toFloats() {
            float[] out = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                out[i] = (float) data[i];
            }
            return out;
        }

        @Override
        public String toString() {
            return "Npy.Array" + Arrays.toString(shape) + " " + dtype;
        }
    }

    /**
     * Reads an {@code .npy} file.
     *
     * @param file the file
     * @return the array
     * @throws IOException when the file cannot be read or is not a supported {@code .npy}
     */
    public static Array read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an {@code .npy} stream (e.g. an entry of an {@code .npz} archive) holding numbers.
     *
     * @param in the stream, positioned at the magic string
     * @param source a name for error messages
     * @return the array
     * @throws IOException when the stream is not a supported numeric {@code .npy}
     */
    public static Array read(InputStream in, String source) throws IOException {
        Entry e = readEntry(in, source);
        if (e instanceof Text t) {
            throw new IOException(source + ": holds strings (dtype '" + t.dtype() + "'), not numbers");
        }
        return (Array) e;
    }

    /** What an {@code .npy} holds: numbers ({@link Array}) or fixed-width strings ({@link Text}). */
    public sealed interface Entry permits Array, Text {
        /** @return the dimensions, outermost first */
        long[] shape();
    }

    /**
     * An n-dimensional array of strings in row-major order, read from NumPy's fixed-width unicode
     * ({@code <U}n, UTF-32) or byte-string ({@code S}n) dtypes; trailing NULs are stripped.
     *
     * @param shape the dimensions
     * @param values the strings
     * @param dtype the NumPy type string
     */
    public record Text(long[] shape, String[] values, String dtype) implements Entry {}

    /**
     * An {@code .npy} header.
     *
     * @param descr the NumPy type string, e.g. {@code <f4}
     * @param fortran whether the data are in Fortran (column-major) order
     * @param shape the dimensions, outermost first
     * @param size the number of elements
     * @param width bytes per element ({@code <U}n: characters per element)
     * @param dataOffset the byte offset of the data from the start of the file
     * @param text the header's dictionary, for messages
     */
    record Header(String descr, boolean fortran, long[] shape, long size, int width, long dataOffset, String text) {}

    /**
     * Reads an {@code .npy} header, leaving the stream at the first data byte.
     *
     * @param in the stream, positioned at the magic string
     * @param source a name for error messages
     * @return the header
     * @throws IOException when the stream does not start with a supported {@code .npy} header
     */
    static Header readHeader(InputStream in, String source) throws IOException {
        byte[] magic = in.readNBytes(8);
        if (magic.length < 8 || !Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
            throw new IOException(source + ": not a NumPy .npy file (missing the \\x93NUMPY magic)");
        }
        int major = magic[6];
        int headerLen;
        int prefix;
        if (major == 1) {
            byte[] b = in.readNBytes(2);
            headerLen = b.length < 2 ? -1 : (b[0] & 0xff) | ((b[1] & 0xff) << 8);
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] b = in.readNBytes(4);
            headerLen = b.length < 4 ? -1 : ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
            prefix = 12;
        } else {
            throw new IOException(source + ": unsupported .npy format version " + major);
        }
        if (headerLen < 0) {
            throw new IOException(source + ": malformed .npy header length " + headerLen);
        }
        String header = new String(in.readNBytes(headerLen), StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new IOException(source + ": malformed .npy header: " + header.trim());
        }
        String descr = d.group(1);
        boolean fortran = f.group(1).equals("True");
        if (descr.equals("|O") || descr.equals("O")) {
            throw new IOException(source + ": holds Python objects (dtype 'O'), which cannot be read without "
                    + "Python; save strings as a fixed-width array (numpy: np.array(ids, dtype=str))");
        }
        long[] shape;
        long n = 1;
        int width;
        try {
            shape = Arrays.stream(s.group(1).split(","))
                    .map(String::trim)
                    .filter(t -> !t.isEmpty())
                    .mapToLong(Long::parseLong)
                    .toArray();
            for (long dim : shape) {
                if (dim < 0) {
                    throw new NumberFormatException("negative dimension " + dim);
                }
                n = Math.multiplyExact(n, dim);
            }
            width = Integer.parseInt(descr.substring(2));
        } catch (NumberFormatException | ArithmeticException | IndexOutOfBoundsException e) {
            throw new IOException(source + ": malformed .npy header (" + e.getMessage() + "): " + header.trim(), e);
        }
        return new Header(descr, fortran, shape, n, width, (long) prefix + headerLen, header.trim());
    }

    /**
     * Reads an {@code .npy} stream holding numbers or fixed-width strings.
     *
     * @param in the stream, positioned at the magic string
     * @param source a name for error messages
     * @return an {@link Array} or a {@link Text}
     * @throws IOException when the stream is not a supported {@code .npy}
     */
    public static Entry readEntry(InputStream in, String source) throws IOException {
        Header h = readHeader(in, source);
        String descr = h.descr();
        boolean fortran = h.fortran();
        long[] shape = h.shape();
        long n = h.size();
        int width = h.width();
        if (n > Integer.MAX_VALUE) {
            throw new IOException(source + ": array of " + n + " elements is too large");
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        char kind = descr.charAt(1);
        long bytesPer = kind == 'U' ? 4L * width : width;
        if (width < 1 || n * bytesPer > Integer.MAX_VALUE) {
            throw new IOException(source + ": malformed .npy header (" + n + " elements of " + bytesPer
                    + " bytes): " + h.text());
        }
        byte[] raw = in.readNBytes((int) (n * bytesPer));
        if (raw.length != n * bytesPer) {
            throw new IOException(source + ": truncated .npy data (expected " + n * bytesPer
                    + " bytes, found " + raw.length + ")");
        }
        ByteBuffer buf = ByteBuffer.wrap(raw).order(order);
        if (kind == 'U' || kind == 'S') {
            String[] values = new String[(int) n];
            for (int i = 0; i < n; i++) {
                StringBuilder sb = new StringBuilder();
                for (int c = 0; c < width; c++) {
                    int cp = kind == 'U' ? buf.getInt() : buf.get() & 0xff;
                    if (cp != 0) {
                        sb.appendCodePoint(cp);
                    }
                }
                values[i] = sb.toString();
            }
            if (fortran && shape.length > 1) {
                values = fortranToC(values, shape);
            }
            return new Text(shape, values, descr);
        }
        double[] data = new double[(int) n];
        for (int i = 0; i < n; i++) {
            data[i] = readValue(buf, kind, width, source, descr);
        }
        if (fortran && shape.length > 1) {
            data = fortranToC(data, shape);
        }
        return new Array(shape, data, descr);
    }

    private static String[] fortranToC(String[] src, long[] shape) {
        double[] index = new double[src.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = i;
        }
        double[] perm = fortranToC(index, shape);
        String[] out = new String[src.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = src[(int) perm[i]];
        }
        return out;
    }

    /**
     * Writes a 1-D array of strings as NumPy fixed-width unicode ({@code <U}n).
     *
     * @param out the stream
     * @param values the strings
     * @throws IOException on write failure
     */
    public static void writeText(OutputStream out, String[] values) throws IOException {
        int width = 1;
        for (String v : values) {
            width = Math.max(width, (int) v.codePoints().count());
        }
        out.write(header("<U" + width, new long[] {values.length}));
        ByteBuffer buf = ByteBuffer.allocate(values.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : values) {
            int[] cps = v.codePoints().toArray();
            for (int c = 0; c < width; c++) {
                buf.putInt(c < cps.length ? cps[c] : 0);
            }
        }
        out.write(buf.array());
    }

    static double readValue(ByteBuffer buf, char kind, int width, String source, String descr)
            throws IOException {
        switch (kind) {
            case 'f':
                if (width == 4) {
                    return buf.getFloat();
                } else if (width == 8) {
                    return buf.getDouble();
                } else if (width == 2) {
                    return io.github.sharedvis.util.Half.toFloat(buf.getShort());
                }
                break;
            case 'i':
                if (width == 1) {
                    return buf.get();
                } else if (width == 2) {
                    return buf.getShort();
                } else if (width == 4) {
                    return buf.getInt();
                } else if (width == 8) {
                    return buf.getLong();
                }
                break;
            case 'u':
            case 'b':
                if (width == 1) {
                    return buf.get() & 0xff;
                } else if (width == 2) {
                    return buf.getShort() & 0xffff;
                } else if (width == 4) {
                    return buf.getInt() & 0xffffffffL;
                } else if (width == 8) {
                    return (double) buf.getLong();
                }
                break;
            default:
                break;
        }
        throw new IOException(source + ": unsupported .npy dtype '" + descr
                + "'; save the array as float32 or float64 (numpy: a.astype('float32'))");
    }

    private static double[] fortranToC(double[] src, long[] shape) {
        int nd = shape.length;
        double[] out = new double[src.length];
        int[] idx = new int[nd];
        for (int c = 0; c < src.length; c++) {
            // idx is the C-order multi-index of c; compute its Fortran offset
            long fo = 0;
            long stride = 1;
            for (int k = 0; k < nd; k++) {
                fo += idx[k] * stride;
                stride *= shape[k];
            }
            out[c] = src[(int) fo];
            for (int k = nd - 1; k >= 0; k--) {
                if (++idx[k] < shape[k]) {
                    break;
                }
                idx[k] = 0;
            }
        }
        return out;
    }

    /**
     * Writes a float32 array.
     *
     * @param out the stream
     * @param shape the dimensions
     * @param data the values in row-major order
     * @throws IOException on write failure
     */
    public static void writeFloat32(OutputStream out, long[] shape, float[] data) throws IOException {
        checkSize(shape, data.length);
        out.write(header("<f4", shape));
        ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        out.write(buf.array());
    }

    /**
     * Writes equal-length float32 rows as one {@code [rows.length, d]} array, the same bytes as
     * {@link #writeFloat32} of the rows concatenated, without that concatenated copy: the rows are
     * written through a buffer of about 1 MB.
     *
     * @param out the stream
     * @param rows {@code [n][d]}, n >= 1
     * @throws IOException on write failure
     */
    public static void writeFloat32Rows(OutputStream out, float[][] rows) throws IOException {
        int d = rows[0].length;
        out.write(header("<f4", new long[] {rows.length, d}));
        ByteBuffer buf = ByteBuffer.allocate(Math.max(1, (1 << 20) / Math.max(1, 4 * d)) * 4 * d)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of " + row.length + " and " + d + " values");
            }
            if (buf.remaining() < 4 * d) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.asFloatBuffer().put(row);
            buf.position(buf.position() + 4 * d);
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** {@link #writeFloat64} of equal-length rows {@code [n][d]} (n >= 1) through a ~1 MB buffer, no flat copy. */
    public static void writeFloat64Rows(OutputStream out, double[][] rows) throws IOException {
        int d = rows[0].length;
        out.write(header("<f8", new long[] {rows.length, d}));
        ByteBuffer buf = ByteBuffer.allocate(8 * d).order(ByteOrder.LITTLE_ENDIAN);
        for (double[] row : rows) {
            if (row.length != d) {
                throw new IllegalArgumentException("rows of " + row.length + " and " + d + " values");
            }
            buf.clear();
            buf.asDoubleBuffer().put(row);
            out.write(buf.array());
        }
    }

    /**
     * Writes a float64 array.
     *
     * @param out the stream
     * @param shape the dimensions
     * @param data the values in row-major order
     * @throws IOException on write failure
     */
    public static void writeFloat64(OutputStream out, long[] shape, double[] data) throws IOException {
        checkSize(shape, data.length);
        out.write(header("<f8", shape));
        ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(data);
        out.write(buf.array());
    }

    private static void checkSize(long[] shape, int n) {
        long expected = 1;
        for (long d : shape) {
            expected *= d;
        }
        if (expected != n) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + expected
                    + " values but " + n + " were given");
        }
    }

    private static byte[] header(String descr, long[] shape) {
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                sh.append(',');
            }
            if (i < shape.length - 1) {
                sh.append(' ');
            }
        }
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        byte[] t = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(10 + t.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) t.length).put(t);
        return b.array();
    }
}
