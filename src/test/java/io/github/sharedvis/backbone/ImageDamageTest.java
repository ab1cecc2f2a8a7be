package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged images are rejected, never decoded partly (issue 11, defect 3), and an image larger than
 * {@link ImageDecoder#MAX_PIXELS} is rejected from its header, before its pixels are allocated (defect 6).
 */
class ImageDamageTest {

    @TempDir
    Path tmp;

    /** A picture with detail everywhere, so every part of the file carries pixels. */
    static BufferedImage noise(int w, int h, long seed) {
        Random rnd = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, rnd.nextInt(0x1000000));
            }
        }
        return img;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"jpg", "png", "gif", "bmp"})
    void truncatedImagesAreRejectedNamingTheFile(String format) throws IOException {
        Path whole = tmp.resolve("whole." + format);
        assertTrue(ImageIO.write(noise(96, 64, 1), format, whole.toFile()));
        BufferedImage ok = ImageDecoder.read(whole);
        assertEquals(96, ok.getWidth());
        byte[] bytes = Files.readAllBytes(whole);
        for (double keep : new double[] {0.25, 0.5, 0.75, 0.95}) {
            Path cut = tmp.resolve("cut" + (int) (keep * 100) + "." + format);
            Files.write(cut, Arrays.copyOf(bytes, (int) (bytes.length * keep)));
            IOException e = assertThrows(IOException.class, () -> ImageDecoder.read(cut),
                    format + " cut to " + keep + " of its bytes must not decode");
            assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("damaged or truncated"), e.getMessage());
        }
    }

    @Test
    void aDecompressionBombIsRejectedFromItsHeader() throws IOException {
        // 30000 x 30000 RGB declared by a file of a few hundred bytes: 3.6 GB as RGB ints if decoded
        Path bomb = tmp.resolve("bomb.png");
        Files.write(bomb, png(30000, 30000, 64));
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.read(bomb));
        assertTrue(e.getMessage().startsWith(bomb.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("30000 x 30000 pixels (900.0 megapixels) is larger than the limit of "
                + ImageDecoder.MAX_PIXELS / 1_000_000 + " megapixels"), e.getMessage());
        // just over the limit, 1 pixel high: still rejected by the product, not by any one side
        Path wide = tmp.resolve("wide.png");
        Files.write(wide, png((int) ImageDecoder.MAX_PIXELS + 1, 1, 64));
        assertTrue(assertThrows(IOException.class, () -> ImageDecoder.read(wide)).getMessage().contains("limit"));
    }

    /** A PNG with the given header and one IDAT of {@code rows} zero rows (the rest is missing). */
    static byte[] png(int w, int h, int rows) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        bo.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(ihdr);
        d.writeInt(w);
        d.writeInt(h);
        d.write(new byte[] {8, 2, 0, 0, 0});
        chunk(bo, "IHDR", ihdr.toByteArray());
        Deflater def = new Deflater();
        def.setInput(new byte[Math.min(rows, h) * (1 + 3 * Math.min(w, 4096))]);
        def.finish();
        byte[] buf = new byte[1 << 16];
        int n = def.deflate(buf);
        chunk(bo, "IDAT", Arrays.copyOf(buf, n));
        chunk(bo, "IEND", new byte[0]);
        return bo.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        DataOutputStream d = new DataOutputStream(out);
        d.writeInt(data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }
}
