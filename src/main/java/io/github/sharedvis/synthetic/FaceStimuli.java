package io.github.sharedvis.synthetic;

import io.github.sharedvis.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
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
 * A generated face-localizer stimulus set, in the spirit of fLoc (Stigliani et al. 2015): drawn
 * adult and child faces, body silhouettes, and everyday objects (house fronts, cars, clocks, cups)
 * on a uniform grey background. It needs nothing outside the repository, so {@code sharedvis demo
 * --faces} runs offline on a fresh machine.
 *
 * <p>Faces vary in head shape, skin tone, hair, eye/nose/mouth size and placement, expression, yaw
 * (features shifted sideways, the far eye narrowed), roll and scale. Child faces have the proportions
 * of the "baby schema": a rounder head, a larger forehead (eyes lower in the head), larger eyes,
 * a smaller nose, mouth and chin.
 *
 * <p>Every other object (the odd-numbered ones, id suffix {@code -facelike}) is drawn with a face-like
 * arrangement, the classic case of face pareidolia: a house front with two windows over a centred
 * door, a car's front with two headlights over a grille, a clock with two sub-dials over a curved
 * hand, a cup with two dots over a curved stripe. The others (house with an off-centre window grid,
 * car from the side, square clock, striped cup) share parts but not the arrangement. The suffix is
 * the ground truth a test or a reader can check the neurons against.
 */
public final class FaceStimuli {

    /** The categories, preferred (faces) first. */
    public static final List<String> CATEGORIES = List.of("adult", "child", "body", "house", "car", "clock", "cup");

    /** The face categories: what face-selective neurons prefer. */
    public static final List<String> FACES = List.of("adult", "child");

    /** The id suffix of objects drawn with a face-like arrangement. */
    public static final String FACELIKE = "-facelike";

    private final int size;
    private final long seed;

    /**
     * @param size image side in pixels, at least 64 (the face networks take 224 or 112)
     * @param seed random seed; the same seed draws the same set
     */
    public FaceStimuli(int size, long seed) {
        if (size < 64) {
            throw new IllegalArgumentException("face images need at least 64 px, got " + size);
        }
        this.size = size;
        this.seed = seed;
    }

    /**
     * @param category a category of {@link #CATEGORIES}
     * @param index 0-based image index within it
     * @return whether that image is an object drawn with a face-like arrangement
     */
    public static boolean faceLike(String category, int index) {
        return !FACES.contains(category) && !category.equals("body") && index % 2 == 0;
    }

    /**
     * Writes {@code perCategory} images of every category into
     * {@code dir/<category>/<category>-NN[-facelike].png}.
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
                BufferedImage img = draw(cat, i);
                String name = String.format(Locale.ROOT, "%s-%02d%s.png", cat, i + 1, faceLike(cat, i) ? FACELIKE : "");
                Path file = dir.resolve(cat).resolve(name);
                AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
                out.add(file);
            }
        }
        return out;
    }

    /**
     * Draws one image, the same for the same seed, category and index.
     *
     * @param category one of {@link #CATEGORIES}
     * @param index 0-based image index within the category (even indices of objects are face-like)
     * @return an RGB image {@code size x size}
     */
    public BufferedImage draw(String category, int index) {
        int c = CATEGORIES.indexOf(category);
        if (c < 0) {
            throw new IllegalArgumentException("unknown face-set category '" + category + "'; known: " + CATEGORIES);
        }
        Random rnd = new Random(seed * 1_000_003L + c * 10_007L + index);
        if (category.equals("body")) {
            return new SilhouetteStimuli(size, seed).draw("body", rnd);
        }
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        int bg = 110 + rnd.nextInt(90);
        g.setColor(new Color(bg, bg, bg));
        g.fillRect(0, 0, size, size);
        double s = size / 224.0;
        g.translate(size / 2.0 + (rnd.nextDouble() - 0.5) * 16 * s, size / 2.0 + (rnd.nextDouble() - 0.5) * 12 * s);
        double scale = s * (0.88 + 0.24 * rnd.nextDouble());
        g.scale(scale, scale);
        g.rotate(Math.toRadians((rnd.nextDouble() - 0.5) * (FACES.contains(category) ? 24 : 12)));
        boolean fl = faceLike(category, index);
        switch (category) {
            case "adult" -> face(g, rnd, false);
            case "child" -> face(g, rnd, true);
            case "house" -> house(g, rnd, fl);
            case "car" -> car(g, rnd, fl);
            case "clock" -> clock(g, rnd, fl);
            default -> cup(g, rnd, fl);
        }
        g.dispose();
        return img;
    }

    private static double between(Random rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private static Color mix(Color a, Color b, double t) {
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }

    private static Color randomColor(Random rnd, int lo, int hi) {
        return new Color(lo + rnd.nextInt(hi - lo), lo + rnd.nextInt(hi - lo), lo + rnd.nextInt(hi - lo));
    }

    private static Ellipse2D centred(double x, double y, double w, double h) {
        return new Ellipse2D.Double(x - w / 2, y - h / 2, w, h);
    }

    private static void stroke(Graphics2D g, double width) {
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    /** A face in a 224-unit frame centred at 0; a child's has the baby-schema proportions. */
    private static void face(Graphics2D g, Random rnd, boolean child) {
        double w = child ? between(rnd, 112, 128) : between(rnd, 96, 116);
        double h = child ? w * between(rnd, 1.02, 1.12) : w * between(rnd, 1.22, 1.38);
        double yaw = between(rnd, -1, 1);
        Color skin = mix(new Color(92, 62, 46), new Color(242, 208, 184), rnd.nextDouble());
        Color dark = skin.darker();
        Color hair = mix(new Color(25, 20, 18), new Color(200, 170, 110), Math.pow(rnd.nextDouble(), 2));
        Color clothes = randomColor(rnd, 30, 220);
        // shoulders and neck, then hair behind the head, then the head
        g.setColor(clothes);
        g.fill(centred(0, h * 0.5 + 62, w * 2.1, 80));
        g.setColor(dark);
        g.fill(new Rectangle2D.Double(-w * 0.2, h * 0.3, w * 0.4, 50));
        g.setColor(hair);
        boolean longHair = rnd.nextBoolean();
        g.fill(centred(0, longHair ? -h * 0.02 : -h * 0.12, w * 1.12, longHair ? h * 1.1 : h * 0.86));
        g.setColor(skin);
        double earY = child ? h * 0.06 : -h * 0.02;
        g.fill(centred(-w / 2 + 2, earY, w * 0.16, h * 0.2));
        g.fill(centred(w / 2 - 2, earY, w * 0.16, h * 0.2));
        Shape head = centred(0, 0, w, h);
        g.fill(head);
        // fringe: hair over the top of the head, down to the hairline
        double hairline = child ? -h * 0.32 : -h * 0.28 + between(rnd, -0.06, 0.08) * h;
        Shape clip = g.getClip();
        g.clip(head);
        g.setColor(hair);
        g.fill(new Rectangle2D.Double(-w, -h, 2 * w, h / 2 + hairline + between(rnd, -4, 4)));
        g.setClip(clip);
        double dx = yaw * w * 0.12;
        double eyeY = child ? h * between(rnd, 0.04, 0.1) : h * between(rnd, -0.1, -0.03);
        double eyeW = child ? w * between(rnd, 0.2, 0.24) : w * between(rnd, 0.15, 0.19);
        double gap = w * between(rnd, 0.19, 0.24);
        Color iris = mix(new Color(40, 25, 15), new Color(90, 130, 170), rnd.nextDouble());
        for (int side = -1; side <= 1; side += 2) {
            double far = side * yaw > 0 ? 1 - 0.35 * Math.abs(yaw) : 1;
            double ex = dx + side * gap * (side * yaw > 0 ? 1 - 0.2 * Math.abs(yaw) : 1);
            double ew = eyeW * far;
            g.setColor(new Color(245, 245, 240));
            g.fill(centred(ex, eyeY, ew, eyeW * 0.55));
            g.setColor(iris);
            double ir = eyeW * (child ? 0.42 : 0.34);
            g.fill(centred(ex + yaw * ew * 0.15, eyeY, ir * far, ir));
            g.setColor(Color.BLACK);
            g.fill(centred(ex + yaw * ew * 0.15, eyeY, ir * 0.45 * far, ir * 0.45));
            g.setColor(hair.darker());
            stroke(g, child ? 2.5 : 3.5);
            double by = eyeY - eyeW * between(rnd, 0.5, 0.75);
            g.draw(new Line2D.Double(ex - ew * 0.55, by + 2, ex + ew * 0.55, by - side * between(rnd, -2, 2)));
        }
        double noseY = eyeY + h * (child ? between(rnd, 0.13, 0.17) : between(rnd, 0.2, 0.26));
        g.setColor(dark);
        stroke(g, 2.5);
        g.draw(new Line2D.Double(dx * 1.3, eyeY + 6, dx * 1.5 + yaw * 4, noseY));
        double nw = w * (child ? 0.12 : between(rnd, 0.14, 0.2));
        g.draw(new Arc2D.Double(dx * 1.5 - nw / 2, noseY - 5, nw, 8, 200, 140, Arc2D.OPEN));
        double mouthY = noseY + h * (child ? between(rnd, 0.1, 0.13) : between(rnd, 0.11, 0.16));
        double mw = w * (child ? between(rnd, 0.24, 0.3) : between(rnd, 0.3, 0.4));
        double smile = between(rnd, -2, 10);
        Path2D lips = new Path2D.Double();
        lips.moveTo(dx - mw / 2, mouthY);
        lips.quadTo(dx, mouthY - 6, dx + mw / 2, mouthY);
        lips.quadTo(dx, mouthY + smile + 8, dx - mw / 2, mouthY);
        g.setColor(mix(dark, new Color(170, 60, 60), 0.5));
        g.fill(lips);
    }

    private static void house(Graphics2D g, Random rnd, boolean faceLike) {
        double w = between(rnd, 130, 160);
        double h = between(rnd, 90, 115);
        g.setColor(randomColor(rnd, 120, 235));
        g.fill(new Rectangle2D.Double(-w / 2, -h / 2 + 20, w, h));
        Path2D roof = new Path2D.Double();
        roof.moveTo(-w / 2 - 12, -h / 2 + 22);
        roof.lineTo(0, -h / 2 - between(rnd, 30, 55));
        roof.lineTo(w / 2 + 12, -h / 2 + 22);
        roof.closePath();
        g.setColor(randomColor(rnd, 40, 140));
        g.fill(roof);
        Color window = mix(new Color(30, 40, 60), new Color(120, 160, 200), rnd.nextDouble());
        Color frame = new Color(245, 245, 240);
        double top = -h / 2 + 20;
        if (faceLike) {
            double ww = between(rnd, 22, 30);
            for (int side = -1; side <= 1; side += 2) {
                pane(g, side * w * 0.24, top + h * 0.3, ww, ww * between(rnd, 0.8, 1.1), window, frame);
            }
            g.setColor(randomColor(rnd, 40, 120));
            double dw = between(rnd, 28, 40);
            g.fill(new RoundRectangle2D.Double(-dw / 2, top + h * 0.58, dw, h * 0.42, 12, 12));
        } else {
            int cols = 2 + rnd.nextInt(2);
            double ww = w / (cols * 2.2);
            double shift = between(rnd, -0.25, 0.25) * w;
            for (int r = 0; r < 2; r++) {
                for (int col = 0; col < cols; col++) {
                    double x = -w / 2 + (col + 0.5) * w / cols + shift * 0.3;
                    if (r == 1 && col == cols - 1) {
                        continue; // the door's place
                    }
                    pane(g, x, top + h * (0.25 + 0.42 * r), ww, ww * 1.3, window, frame);
                }
            }
            g.setColor(randomColor(rnd, 40, 120));
            g.fill(new Rectangle2D.Double(w / 2 - w / cols * 0.75, top + h * 0.55, w / cols * 0.5, h * 0.45));
        }
    }

    private static void pane(Graphics2D g, double x, double y, double w, double h, Color glass, Color frame) {
        g.setColor(frame);
        g.fill(new Rectangle2D.Double(x - w / 2 - 3, y - h / 2 - 3, w + 6, h + 6));
        g.setColor(glass);
        g.fill(new Rectangle2D.Double(x - w / 2, y - h / 2, w, h));
        g.setColor(frame);
        stroke(g, 2);
        g.draw(new Line2D.Double(x, y - h / 2, x, y + h / 2));
    }

    private static void car(Graphics2D g, Random rnd, boolean faceLike) {
        Color body = randomColor(rnd, 40, 230);
        Color tyre = new Color(25, 25, 25);
        Color glass = new Color(60, 80, 100);
        if (faceLike) {
            // front view: windscreen, two headlights (eyes) over a wide grille (mouth)
            double w = between(rnd, 140, 170);
            g.setColor(tyre);
            g.fill(new RoundRectangle2D.Double(-w / 2 + 4, 30, 26, 30, 6, 6));
            g.fill(new RoundRectangle2D.Double(w / 2 - 30, 30, 26, 30, 6, 6));
            g.setColor(body);
            g.fill(new RoundRectangle2D.Double(-w * 0.36, -62, w * 0.72, 50, 20, 20));
            g.fill(new RoundRectangle2D.Double(-w / 2, -22, w, 62, 18, 18));
            g.setColor(glass);
            g.fill(new RoundRectangle2D.Double(-w * 0.3, -55, w * 0.6, 32, 10, 10));
            double lw = between(rnd, 22, 32);
            for (int side = -1; side <= 1; side += 2) {
                g.setColor(new Color(250, 245, 210));
                g.fill(centred(side * w * 0.32, -4, lw, lw * between(rnd, 0.55, 0.9)));
            }
            g.setColor(new Color(35, 35, 35));
            double gw = w * between(rnd, 0.35, 0.5);
            g.fill(new RoundRectangle2D.Double(-gw / 2, 12, gw, between(rnd, 10, 18), 10, 10));
        } else {
            double len = between(rnd, 160, 190);
            g.setColor(body);
            g.fill(new RoundRectangle2D.Double(-len / 2, -10, len, 40, 18, 18));
            g.fill(new RoundRectangle2D.Double(-len / 4, -42, len / 2, 40, 20, 20));
            g.setColor(glass);
            g.fill(new Rectangle2D.Double(-len / 4 + 8, -36, len / 4 - 12, 28));
            g.fill(new Rectangle2D.Double(4, -36, len / 4 - 12, 28));
            g.setColor(tyre);
            g.fill(centred(-len / 2 + 34, 32, 32, 32));
            g.fill(centred(len / 2 - 34, 32, 32, 32));
        }
    }

    private static void clock(Graphics2D g, Random rnd, boolean faceLike) {
        double r = between(rnd, 52, 66);
        Color rim = randomColor(rnd, 30, 200);
        Color dial = new Color(235, 235, 225);
        Color hands = new Color(30, 30, 30);
        if (faceLike) {
            g.setColor(rim);
            g.fill(centred(0, 0, 2 * r + 14, 2 * r + 14));
            g.setColor(dial);
            g.fill(centred(0, 0, 2 * r, 2 * r));
            g.setColor(hands);
            double sub = r * between(rnd, 0.26, 0.34);
            for (int side = -1; side <= 1; side += 2) {
                g.fill(centred(side * r * 0.38, -r * 0.25, sub, sub));
            }
            stroke(g, 5);
            g.draw(new Arc2D.Double(-r * 0.5, -r * 0.1, r, r * 0.7, 200, 140, Arc2D.OPEN));
        } else {
            g.setColor(rim);
            g.fill(new RoundRectangle2D.Double(-r - 7, -r - 7, 2 * r + 14, 2 * r + 14, 12, 12));
            g.setColor(dial);
            g.fill(new Rectangle2D.Double(-r, -r, 2 * r, 2 * r));
            g.setColor(hands);
            stroke(g, 3);
            for (int t = 0; t < 12; t++) {
                double a = Math.PI * 2 * t / 12;
                g.draw(new Line2D.Double(Math.sin(a) * r * 0.8, Math.cos(a) * r * 0.8, Math.sin(a) * r * 0.92,
                        Math.cos(a) * r * 0.92));
            }
            double a1 = rnd.nextDouble() * Math.PI * 2;
            double a2 = rnd.nextDouble() * Math.PI * 2;
            stroke(g, 5);
            g.draw(new Line2D.Double(0, 0, Math.sin(a1) * r * 0.5, -Math.cos(a1) * r * 0.5));
            stroke(g, 3);
            g.draw(new Line2D.Double(0, 0, Math.sin(a2) * r * 0.75, -Math.cos(a2) * r * 0.75));
        }
    }

    private static void cup(Graphics2D g, Random rnd, boolean faceLike) {
        double w = between(rnd, 70, 95);
        double h = between(rnd, 90, 115);
        Color body = randomColor(rnd, 60, 240);
        g.setColor(body.darker());
        stroke(g, 11);
        g.draw(centred(w / 2 + 10, 0, 38, h * 0.5));
        g.setColor(body);
        g.fill(new RoundRectangle2D.Double(-w / 2, -h / 2, w, h, 14, 14));
        g.setColor(body.darker().darker());
        g.fill(centred(0, -h / 2, w, 12));
        Color mark = randomColor(rnd, 10, 90);
        g.setColor(mark);
        if (faceLike) {
            double d = between(rnd, 9, 14);
            for (int side = -1; side <= 1; side += 2) {
                g.fill(centred(side * w * 0.2, -h * 0.08, d, d));
            }
            stroke(g, 4);
            g.draw(new Arc2D.Double(-w * 0.22, -h * 0.05, w * 0.44, h * 0.25, 200, 140, Arc2D.OPEN));
        } else {
            int stripes = 2 + rnd.nextInt(3);
            for (int k = 0; k < stripes; k++) {
                g.fill(new Rectangle2D.Double(-w / 2, -h * 0.3 + k * h * 0.22, w, 6));
            }
        }
    }
}
