package io.github.sharedvis.backbone;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.Locale;

/**
 * A model's own preprocessing: resize, centre crop and value mapping, from an 8-bit RGB image to the
 * float tensor {@code [3, H, W]} the network expects.
 *
 * <p>A pixel value {@code p} in {@code [0, 255]} of channel {@code c} becomes {@code (p * scale -
 * mean[c]) / std[c]}. ImageNet models use {@code scale = 1/255} with the ImageNet mean and std; models
 * fed raw bytes use {@code scale = 1, mean = 0, std = 1}.
 *
 * @param resizeShorter the shorter side is resized to this many pixels before cropping (keeping the
 *     aspect ratio); 0 resizes only as far as the crop needs
 * @param height the output height (centre crop)
 * @param width the output width (centre crop)
 * @param stretch when true, the image is resized to {@code height x width} directly, ignoring the
 *     aspect ratio (models trained on squashed inputs)
 * @param scale multiplies the 0..255 pixel values
 * @param mean subtracted per channel after scaling
 * @param std divides per channel after subtracting the mean
 */
public record Preprocessing(int resizeShorter, int height, int width, boolean stretch, float scale,
        float[] mean, float[] std) {

    /** The torchvision ImageNet convention: resize 256, centre crop 224, ImageNet mean and std. */
    public static Preprocessing imagenet() {
        return new Preprocessing(256, 224, 224, false, 1f / 255f, new float[] {0.485f, 0.456f, 0.406f},
                new float[] {0.229f, 0.224f, 0.225f});
    }

    /**
     * Raw pixel values in {@code [0, 255]} at a fixed square size, as TF.js pose models take them.
     *
     * @param size the side length
     * @return the preprocessing
     */
    public static Preprocessing raw255(int size) {
        return new Preprocessing(0, size, size, true, 1f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /** Validates the fields. */
    public Preprocessing {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("preprocessing: height and width must be positive, got "
                    + height + " x " + width);
        }
        if (mean == null || mean.length != 3 || std == null || std.length != 3) {
            throw new IllegalArgumentException("preprocessing: mean and std need 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("preprocessing: std values must be > 0, got "
                        + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /**
     * A stable text form of every field, used in cache keys.
     *
     * @return the key
     */
    public String key() {
        return String.format(Locale.ROOT, "resize=%d,h=%d,w=%d,stretch=%b,scale=%.9g,mean=%s,std=%s",
                resizeShorter, height, width, stretch, scale, Arrays.toString(mean), Arrays.toString(std));
    }

    /**
     * Resizes and crops an RGB image to the model's input geometry, still as 8-bit RGB, so that it
     * can be shown under its heat map pixel for pixel.
     *
     * @param image an RGB image (see {@link ImageDecoder})
     * @return an image of {@code width x height}
     */
    public BufferedImage geometry(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (stretch) {
            return Resampling.resize(image, width, height);
        }
        double s = resizeShorter > 0 ? resizeShorter / (double) Math.min(w, h) : 1.0;
        // never crop beyond the image: scale up as far as the crop needs
        s = Math.max(s, Math.max(width / (double) w, height / (double) h));
        int rw = Math.max(width, (int) Math.round(w * s));
        int rh = Math.max(height, (int) Math.round(h * s));
        BufferedImage resized = (rw == w && rh == h) ? image : Resampling.resize(image, rw, rh);
        int x0 = (int) Math.round((rw - width) / 2.0);
        int y0 = (int) Math.round((rh - height) / 2.0);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Pixels.write(out, 0, 0, width, height, Pixels.read(resized, x0, y0, width, height, null));
        return out;
    }

    /**
     * Converts an image to the network's input values.
     *
     * @param image an RGB image of any size
     * @return {@code [3, height, width]} in row-major order
     */
    public float[] apply(BufferedImage image) {
        return toTensor(geometry(image));
    }

    /**
     * Maps an image already at the model's geometry to input values.
     *
     * @param image {@code width x height} RGB
     * @return {@code [3, height, width]} in row-major order
     */
    public float[] toTensor(BufferedImage image) {
        if (image.getWidth() != width || image.getHeight() != height) {
            throw new IllegalArgumentException("image is " + image.getWidth() + "x" + image.getHeight()
                    + ", expected " + width + "x" + height + "; call geometry() first");
        }
        int plane = width * height;
        float[] out = new float[3 * plane];
        int[] rgb = Pixels.read(image);
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = (((p >> 16) & 0xff) * scale - mean[0]) / std[0];
            out[plane + i] = (((p >> 8) & 0xff) * scale - mean[1]) / std[1];
            out[2 * plane + i] = ((p & 0xff) * scale - mean[2]) / std[2];
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Preprocessing p && p.key().equals(key());
    }

    @Override
    public int hashCode() {
        return key().hashCode();
    }

    @Override
    public String toString() {
        return "Preprocessing[" + key() + "]";
    }
}
