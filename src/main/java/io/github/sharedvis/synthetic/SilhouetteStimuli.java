package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * A generated body-localizer stimulus set, as in classic body-selectivity experiments (Downing et
 * al. 2001): dark silhouettes on a uniform light background of whole bodies in varied poses,
 * isolated limbs, and everyday objects (chairs, lamps, cars, mugs, tools). It needs nothing outside
 * the repository, so the demo runs offline on a fresh machine.
 *
 * <p>Objects are drawn with elongated parts (chair and table legs, lamp arms, tool handles) so that
 * some of them share local features with limbs, which is what the method is meant to reveal.
 */
public final class SilhouetteStimuli {

    /** The categories, preferred first. */
    public static final List<String> CATEGORIES = List.of("body", "limb", "chair", "lamp", "car", "mug", "tool");

    private final int size;
    private final long seed;

    /**
     * @param size image side in pixels
     * @param seed random seed; the same seed draws the same set
     */
    public SilhouetteStimuli(int size, long seed) {
        if (size < 64) {
            throw new IllegalArgumentException("silhouette images need at least 64 px, got " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    /**
     * Writes {@code perCategory} images of every category into {@code dir/<category>/<category>-NN.png}.
     *
     * @param dir the output folder (a stimulus folder that {@code StimulusSet.fromFolder} reads)
     * @param perCategory images per category
     * @return the written files
     * @throws IOException on write failure
     */
    public List<Path> write(Path dir, int perCategory) throws IOException {
        List<Path> out = new ArrayList<>();
        for (int c = 0; c < CATEGORIES.size(); c++) {
            String cat = CATEGORIES.get(c);
            for (int i = 0; i < perCategory; i++) {
                BufferedImage img = draw(cat, new Random(seed * 1_000_003L + c * 10_007L + i));
                Path file = dir.resolve(cat).resolve(String.format(Locale.ROOT, "%s-%02d.png", cat, i + 1));
                AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
                out.add(file);
            }
        }
        return out;
    }

    /**
     * Draws one image.
     *
     * @param category one of {@link #CATEGORIES}
     * @param rnd the random source
     * @return an RGB image
     */
    public BufferedImage draw(String category, Random rnd) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        background(img, rnd);
        double s = size / 256.0;
        g.translate(size / 2.0 + (rnd.nextDouble() - 0.5) * 30 * s, size / 2.0 + (rnd.nextDouble() - 0.5) * 20 * s);
        g.scale(s * (0.85 + 0.3 * rnd.nextDouble()), s * (0.85 + 0.3 * rnd.nextDouble()));
        if (rnd.nextBoolean() && !category.equals("car")) {
            g.scale(-1, 1);
        }
        int tone = 20 + rnd.nextInt(40);
        g.setColor(new Color(tone, tone, tone));
        switch (category) {
            case "body" -> body(g, rnd);
            case "limb" -> limb(g, rnd);
            case "chair" -> chair(g, rnd);
            case "lamp" -> lamp(g, rnd);
            case "car" -> car(g, rnd);
            case "mug" -> mug(g, rnd);
            case "tool" -> tool(g, rnd);
            default -> throw new IllegalArgumentException("unknown silhouette category '" + category
                    + "'; known: " + CATEGORIES);
        }
        g.dispose();
        return img;
    }

    private void background(BufferedImage img, Random rnd) {
        // a uniform light background, as in classic silhouette localizers, at a random grey level
        int c = 170 + rnd.nextInt(50);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(c, c, c));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
    }

    private static double ang(Random rnd, double center, double spread) {
        return Math.toRadians(center + (rnd.nextDouble() - 0.5) * 2 * spread);
    }

    /** Draws a jointed segment chain from (x, y); returns the end point. */
    private static double[] segment(Graphics2D g, double x, double y, double angle, double len, float width) {
        double x2 = x + Math.sin(angle) * len;
        double y2 = y + Math.cos(angle) * len;
        g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(x, y, x2, y2));
        return new double[] {x2, y2};
    }

    private static void arm(Graphics2D g, Random rnd, double x, double y, double side) {
        double a1 = ang(rnd, side * 35, 70);
        double[] elbow = segment(g, x, y, a1, 38, 13);
        double a2 = a1 + ang(rnd, side * 25, 60);
        double[] wrist = segment(g, elbow[0], elbow[1], a2, 34, 11);
        g.fill(new Ellipse2D.Double(wrist[0] - 7, wrist[1] - 7, 14, 14)); // hand
    }

    private static void leg(Graphics2D g, Random rnd, double x, double y, double side) {
        double a1 = ang(rnd, side * 12, 28);
        double[] knee = segment(g, x, y, a1, 46, 17);
        double a2 = a1 + ang(rnd, -side * 5, 25);
        double[] ankle = segment(g, knee[0], knee[1], a2, 44, 14);
        segment(g, ankle[0], ankle[1], Math.toRadians(side > 0 ? 80 : -80), 14, 9); // foot
    }

    private void body(Graphics2D g, Random rnd) {
        double lean = ang(rnd, 0, 12);
        AffineTransform t = g.getTransform();
        g.scale(1.15, 1.15);
        g.translate(0, 6);
        g.rotate(lean);
        g.fill(new Ellipse2D.Double(-12, -98, 24, 28)); // head
        g.fill(new RoundRectangle2D.Double(-5, -74, 10, 12, 4, 4)); // neck
        g.fill(new RoundRectangle2D.Double(-22, -64, 44, 70, 18, 18)); // torso
        arm(g, rnd, -18, -56, -1);
        arm(g, rnd, 18, -56, 1);
        leg(g, rnd, -10, 4, -1);
        leg(g, rnd, 10, 4, 1);
        g.setTransform(t);
    }

    private void limb(Graphics2D g, Random rnd) {
        AffineTransform t = g.getTransform();
        g.rotate(ang(rnd, 0, 180));
        if (rnd.nextBoolean()) {
            double[] elbow = segment(g, 0, -60, ang(rnd, 0, 20), 55, 18);
            double[] wrist = segment(g, elbow[0], elbow[1], ang(rnd, 0, 40), 50, 15);
            g.fill(new Ellipse2D.Double(wrist[0] - 11, wrist[1] - 8, 22, 26)); // hand
            for (int f = -2; f <= 2; f++) {
                segment(g, wrist[0] + f * 4, wrist[1] + 12, Math.toRadians(f * 12), 14, 4);
            }
        } else {
            double[] knee = segment(g, 0, -75, ang(rnd, 0, 15), 70, 24);
            double[] ankle = segment(g, knee[0], knee[1], ang(rnd, 0, 25), 65, 19);
            segment(g, ankle[0], ankle[1], Math.toRadians(85), 22, 12);
        }
        g.setTransform(t);
    }

    private void chair(Graphics2D g, Random rnd) {
        double h = 60 + rnd.nextDouble() * 30;
        g.fill(new RoundRectangle2D.Double(-40, 0, 80, 10, 4, 4)); // seat
        g.fill(new RoundRectangle2D.Double(28, -h, 10, h, 4, 4)); // back
        g.fill(new RoundRectangle2D.Double(-40, -h, 78, 12, 4, 4));
        double splay = ang(rnd, 0, 10);
        segment(g, -34, 8, splay, 70, 8);
        segment(g, 32, 8, -splay, 70, 8);
    }

    private void lamp(Graphics2D g, Random rnd) {
        g.fill(new Ellipse2D.Double(-35, 84, 70, 16)); // base
        double[] joint = segment(g, 0, 90, Math.toRadians(180) + ang(rnd, 0, 25), 80, 7);
        double[] head = segment(g, joint[0], joint[1], Math.toRadians(180) + ang(rnd, 0, 70), 60, 7);
        Path2D shade = new Path2D.Double();
        shade.moveTo(head[0] - 10, head[1]);
        shade.lineTo(head[0] + 10, head[1]);
        shade.lineTo(head[0] + 30, head[1] + 34);
        shade.lineTo(head[0] - 30, head[1] + 34);
        shade.closePath();
        g.fill(shade);
    }

    private void car(Graphics2D g, Random rnd) {
        double len = 150 + rnd.nextDouble() * 40;
        g.fill(new RoundRectangle2D.Double(-len / 2, -10, len, 40, 18, 18));
        g.fill(new RoundRectangle2D.Double(-len / 4, -42, len / 2, 40, 20, 20));
        g.setColor(g.getColor().darker());
        g.fill(new Ellipse2D.Double(-len / 2 + 18, 18, 30, 30));
        g.fill(new Ellipse2D.Double(len / 2 - 48, 18, 30, 30));
    }

    private void mug(Graphics2D g, Random rnd) {
        double w = 60 + rnd.nextDouble() * 30;
        g.fill(new RoundRectangle2D.Double(-w / 2, -50, w, 100, 12, 12));
        g.setStroke(new BasicStroke(10));
        g.draw(new Ellipse2D.Double(w / 2 - 12, -25, 40, 50));
    }

    private void tool(Graphics2D g, Random rnd) {
        AffineTransform t = g.getTransform();
        g.rotate(ang(rnd, 0, 60));
        segment(g, 0, -10, 0, 110, 14); // handle
        if (rnd.nextBoolean()) {
            g.fill(new RoundRectangle2D.Double(-40, -40, 80, 30, 8, 8)); // hammer head
        } else {
            segment(g, 0, -10, Math.toRadians(180), 70, 6); // screwdriver shaft
        }
        g.setTransform(t);
    }
}
