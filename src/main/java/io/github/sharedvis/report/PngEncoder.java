package io.github.sharedvis.report;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A small PNG encoder for opaque 8-bit RGB pictures (figures, overlays): every row uses the Up filter
 * (the byte above subtracted: one pass, no branches) and zlib level 1. On the report's pictures this
 * takes about 0.6 of the CPU time of Paeth at level 4 (the encoder before) for files about 30% larger
 * (the report step before and after: {@code benchmarks/report-encoder.sh},
 * {@code benchmarks/results/report-encoder.txt}); the pixels are the same. Rows are read from an {@code int} raster directly when the image has one. Alpha is
 * dropped: every picture of the report is opaque. The bytes depend only on the pixels (no
 * timestamps), so a report is byte-identical run to run.
 */
final class PngEncoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** zlib level: 1, the fastest that still finds the flat runs of figures (see the class comment). */
    static final int LEVEL = 1;

    private PngEncoder() {}

    /** @return the PNG file content of an image */
    static byte[] encode(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(img, out);
        return out.toByteArray();
    }

    /** Writes an image as PNG (colour type 2, 8 bits per channel, no interlace). */
    static void write(BufferedImage img, OutputStream out) throws IOException {
        int w = img.getWidth();
        int h = img.getHeight();
        DataOutputStream data = new DataOutputStream(out);
        data.write(SIGNATURE);
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream hd = new DataOutputStream(ihdr);
        hd.writeInt(w);
        hd.writeInt(h);
        hd.writeByte(8); // bit depth
        hd.writeByte(2); // colour type: truecolour
        hd.writeByte(0); // deflate
        hd.writeByte(0); // adaptive filtering with five basic types
        hd.writeByte(0); // no interlace
        chunk(data, "IHDR", ihdr.toByteArray());

        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(LEVEL);
        try (DeflaterOutputStream z = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            int stride = 3 * w;
            byte[] prev = new byte[stride];
            byte[] cur = new byte[stride];
            byte[] filtered = new byte[stride + 1];
            int[] argb = new int[w];
            boolean packed = img.getType() == BufferedImage.TYPE_INT_RGB || img.getType() == BufferedImage.TYPE_INT_ARGB;
            WritableRaster raster = img.getRaster();
            filtered[0] = 2; // Up
            for (int y = 0; y < h; y++) {
                if (packed) {
                    raster.getDataElements(0, y, w, 1, argb); // the packed pixels, no colour-model call per pixel
                } else {
                    img.getRGB(0, y, w, 1, argb, 0, w);
                }
                for (int x = 0; x < w; x++) {
                    int p = argb[x];
                    cur[3 * x] = (byte) (p >> 16);
                    cur[3 * x + 1] = (byte) (p >> 8);
                    cur[3 * x + 2] = (byte) p;
                }
                for (int i = 0; i < stride; i++) {
                    filtered[i + 1] = (byte) (cur[i] - prev[i]);
                }
                z.write(filtered);
                byte[] t = prev;
                prev = cur;
                cur = t;
            }
        } finally {
            deflater.end();
        }
        chunk(data, "IDAT", idat.toByteArray());
        chunk(data, "IEND", new byte[0]);
        data.flush();
    }

    private static void chunk(DataOutputStream out, String type, byte[] body) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(body);
        out.writeInt(body.length);
        out.write(t);
        out.write(body);
        out.writeInt((int) crc.getValue());
    }
}
