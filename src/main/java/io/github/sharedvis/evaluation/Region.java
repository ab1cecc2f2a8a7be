package io.github.sharedvis.evaluation;

/**
 * An axis-aligned rectangle of pixels in an image of the model's geometry: columns
 * {@code x .. x+width-1}, rows {@code y .. y+height-1}.
 *
 * @param x left column
 * @param y top row
 * @param width width in pixels, at least 1
 * @param height height in pixels, at least 1
 */
public record Region(int x, int y, int width, int height) {

    /** Validates the size. */
    public Region {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a region needs a positive size, got " + width + "x" + height);
        }
    }

    /**
     * @param px column
     * @param py row
     * @return whether the pixel lies inside
     */
    public boolean contains(int px, int py) {
        return px >= x && px < x + width && py >= y && py < y + height;
    }

    /**
     * @param imageWidth W
     * @param imageHeight H
     * @return whether the region lies fully inside a W x H image
     */
    public boolean fitsIn(int imageWidth, int imageHeight) {
        return x >= 0 && y >= 0 && x + width <= imageWidth && y + height <= imageHeight;
    }

    /**
     * The region as a pixel mask.
     *
     * @param imageWidth W
     * @param imageHeight H
     * @return {@code [H, W]} row-major, true inside (clipped to the image)
     */
    public boolean[] mask(int imageWidth, int imageHeight) {
        boolean[] m = new boolean[imageWidth * imageHeight];
        for (int yy = Math.max(0, y); yy < Math.min(imageHeight, y + height); yy++) {
            for (int xx = Math.max(0, x); xx < Math.min(imageWidth, x + width); xx++) {
                m[yy * imageWidth + xx] = true;
            }
        }
        return m;
    }

    /** @return the number of pixels */
    public int area() {
        return width * height;
    }
}
