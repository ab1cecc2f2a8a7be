package io.github.sharedvis.evaluation;

import java.awt.image.BufferedImage;

/**
 * Plants a shared feature ({@code docs/method.md}, section 7): a rectangular patch cut from a
 * preferred-category image is pasted, pixel for pixel, into an out-of-category image. Both images
 * are at the model's input geometry, so the planted region is exactly where the map's pixels are.
 */
public final class Planting {

    private Planting() {}

    /**
     * A planted image and where the patch is.
     *
     * @param image the out-of-category image with the patch pasted in (a new image)
     * @param region where the patch is in {@code image}
     * @param source where the patch was cut from in the source image
     */
    public record Planted(BufferedImage image, Region region, Region source) {

        /** @return the planted region as a mask {@code [H, W]} */
        public boolean[] mask() {
            return region.mask(image.getWidth(), image.getHeight());
        }
    }

    /**
     * Pastes {@code source}'s pixels inside {@code from} into a copy of {@code target} with the
     * patch's top-left corner at {@code (x, y)}.
     *
     * @param target the out-of-category image (not modified)
     * @param source the preferred-category image the patch is cut from
     * @param from the patch in {@code source}; must lie inside it
     * @param x left column of the patch in the target
     * @param y top row of the patch in the target
     * @return the planted image, opaque RGB, the size of {@code target}
     * @throws IllegalArgumentException when the patch does not fit in the source or the target
     */
    public static Planted paste(BufferedImage target, BufferedImage source, Region from, int x, int y) {
        if (!from.fitsIn(source.getWidth(), source.getHeight())) {
            throw new IllegalArgumentException("patch " + from + " is not inside the " + source.getWidth() + "x"
                    + source.getHeight() + " source image");
        }
        Region to = new Region(x, y, from.width(), from.height());
        if (!to.fitsIn(target.getWidth(), target.getHeight())) {
            throw new IllegalArgumentException("patch placed at " + to + " is not inside the " + target.getWidth()
                    + "x" + target.getHeight() + " target image");
        }
        int w = target.getWidth();
        int h = target.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        out.setRGB(0, 0, w, h, target.getRGB(0, 0, w, h, null, 0, w), 0, w);
        int[] patch = source.getRGB(from.x(), from.y(), from.width(), from.height(), null, 0, from.width());
        out.setRGB(x, y, from.width(), from.height(), patch, 0, from.width());
        return new Planted(out, to, from);
    }
}
