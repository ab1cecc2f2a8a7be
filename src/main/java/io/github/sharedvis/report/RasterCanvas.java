package io.github.sharedvis.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Draws the primitives of {@link Canvas} with Java2D into an image, {@code scale} pixels per logical unit. */
final class RasterCanvas implements Canvas {

    private final double width;
    private final double height;
    private final BufferedImage image;
    private final Graphics2D g;

    RasterCanvas(double width, double height, double scale) {
        this.width = width;
        this.height = height;
        this.image = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale),
                BufferedImage.TYPE_INT_RGB);
        this.g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(scale, scale);
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    /** Releases the graphics context and returns the picture. */
    BufferedImage finish() {
        g.dispose();
        return image;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Stroke stroke) {
        apply(stroke);
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Stroke stroke) {
        if (xs.length == 0) {
            return;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        apply(stroke);
        g.draw(p);
    }

    @Override
    public void polygon(double[] xs, double[] ys, Integer fill, Stroke stroke) {
        if (xs.length == 0) {
            return;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xs[0], ys[0]);
        for (int i = 1; i < xs.length; i++) {
            p.lineTo(xs[i], ys[i]);
        }
        p.closePath();
        if (fill != null) {
            g.setColor(color(fill));
            g.fill(p);
        }
        if (stroke != null) {
            apply(stroke);
            g.draw(p);
        }
    }

    @Override
    public void rect(double x, double y, double w, double h, Integer fill, Stroke stroke) {
        Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
        if (fill != null) {
            g.setColor(color(fill));
            g.fill(r);
        }
        if (stroke != null) {
            apply(stroke);
            g.draw(r);
        }
    }

    @Override
    public void circle(double cx, double cy, double r, Integer fill, Stroke stroke) {
        Ellipse2D.Double e = new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
        if (fill != null) {
            g.setColor(color(fill));
            g.fill(e);
        }
        if (stroke != null) {
            apply(stroke);
            g.draw(e);
        }
    }

    @Override
    public void text(double x, double y, String text, Font font, int color, Align align, VAlign valign,
            double rotateDegrees) {
        if (text.isEmpty()) {
            return;
        }
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (rotateDegrees != 0) {
            g.rotate(Math.toRadians(rotateDegrees));
        }
        double w = Fonts.width(text, font);
        double dx = switch (align) {
            case START -> 0;
            case MIDDLE -> -w / 2;
            case END -> -w;
        };
        g.setFont(Fonts.awt(font));
        g.setColor(color(color));
        g.drawString(text, (float) dx, (float) Fonts.baselineShift(font, valign));
        g.setTransform(saved);
    }

    @Override
    public void image(BufferedImage img, double x, double y, double w, double h) {
        AffineTransform at = new AffineTransform();
        at.translate(x, y);
        at.scale(w / img.getWidth(), h / img.getHeight());
        g.drawImage(img, at, null);
    }

    private void apply(Stroke s) {
        float[] dash = null;
        if (s.dash() != null) {
            dash = new float[s.dash().length];
            for (int i = 0; i < dash.length; i++) {
                dash[i] = (float) s.dash()[i];
            }
        }
        g.setStroke(new BasicStroke((float) s.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        g.setColor(color(s.color()));
    }

    private static Color color(int argb) {
        return new Color(argb, true);
    }
}
