package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.data.Npy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Image modes decoded to RGB, against PIL's decoding of the same files (scripts/generate_image_fixtures.py). */
class ImageDecoderTest {

    static final Path DIR = Path.of("src/test/resources/fixtures/images");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rgb.png, 0", "grey.png, 0", "rgba.png, 0", "grey16.png, 0", "palette.png, 0",
        // PIL and the TwelveMonkeys plug-in convert CMYK with different formulas; a few levels apart
        "cmyk.jpg, 12"})
    void decodesLikePil(String file, int tolerance) throws IOException {
        BufferedImage img = ImageDecoder.read(DIR.resolve(file));
        String stem = file.substring(0, file.indexOf('.'));
        Npy.Array expected = Npy.read(DIR.resolve(stem + ".expected.npy"));
        int h = (int) expected.shape()[0];
        int w = (int) expected.shape()[1];
        assertEquals(w, img.getWidth());
        assertEquals(h, img.getHeight());
        assertEquals(BufferedImage.TYPE_INT_RGB, img.getType());
        double worst = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = img.getRGB(x, y);
                int[] got = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
                for (int c = 0; c < 3; c++) {
                    worst = Math.max(worst, Math.abs(got[c] - expected.data()[(y * w + x) * 3 + c]));
                }
            }
        }
        assertTrue(worst <= tolerance, file + ": max difference " + worst + " levels");
    }

    @Test
    void notAnImageNamesTheFile() throws IOException {
        Path junk = Files.createTempFile("junk", ".png");
        Files.writeString(junk, "hello");
        IOException e = assertThrows(IOException.class, () -> ImageDecoder.read(junk));
        assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
        IOException missing = assertThrows(IOException.class, () -> ImageDecoder.read(Path.of("no/such.png")));
        assertTrue(missing.getMessage().contains("no/such.png"), missing.getMessage());
    }

    @Test
    void preprocessingMatchesTorchvision() throws IOException {
        // torchvision: Resize(64) (PIL bilinear, antialiased) + CenterCrop(48) + ImageNet Normalize
        Preprocessing pre = new Preprocessing(64, 48, 48, false, 1f / 255f,
                new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
        float[] x = pre.apply(ImageDecoder.read(DIR.resolve("photo.png")));
        Npy.Array expected = Npy.read(DIR.resolve("photo.preprocessed.npy"));
        assertEquals(expected.data().length, x.length);
        double sumAbs = 0;
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double d = Math.abs(x[i] - expected.data()[i]);
            sumAbs += d;
            worst = Math.max(worst, d);
        }
        // PIL rounds in fixed point; 1 grey level is 1/255/0.225 = 0.0174 after normalisation
        double meanLevels = sumAbs / x.length / 0.0174;
        assertTrue(meanLevels < 0.75, "mean difference " + meanLevels + " grey levels");
        assertTrue(worst < 4 * 0.0175, "worst difference " + worst / 0.0174 + " grey levels");
    }
}
