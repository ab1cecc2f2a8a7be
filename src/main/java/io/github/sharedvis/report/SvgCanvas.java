package io.github.sharedvis.report;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;

/**
 * Writes the primitives of {@link Canvas} as a standalone SVG 1.1 document. Images are embedded as
 * base64 PNG data URIs, so the file needs nothing beside it.
 */
final class SvgCanvas implements Canvas {

    private final double width;
    private final double height;
    private final StringBuilder body = new StringBuilder();

    SvgCanvas(double width, double height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public double width() {
        return width;
    }

    @Override
    public double height() {
        return height;
    }

    /** @return the complete SVG document */
    String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\""
                + " version=\"1.1\" width=\"" + num(width) + "\" height=\"" + num(height) + "\" viewBox=\"0 0 "
                + num(width) + " " + num(height) + "\" font-family=\"" + Html.escape(Fonts.SVG_FAMILY) + "\">\n"
                + "<rect x=\"0\" y=\"0\" width=\"" + num(width) + "\" height=\"" + num(height)
                + "\" fill=\"#ffffff\"/>\n" + body + "</svg>\n";
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Stroke stroke) {
        body.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append('"').append(stroke(stroke))
                .append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Stroke stroke) {
        body.append("<polyline points=\"").append(points(xs, ys)).append("\" fill=\"none\"")
                .append(stroke(stroke)).append("/>\n");
    }

    @Override
    public void polygon(double[] xs, double[] ys, Integer fill, Stroke stroke) {
        body.append("<polygon points=\"").append(points(xs, ys)).append('"').append(fill(fill))
                .append(stroke(stroke)).append("/>\n");
    }

    @Override
    public void rect(double x, double y, double w, double h, Integer fill, Stroke stroke) {
        body.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h)).append('"').append(fill(fill))
                .append(stroke(stroke)).append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Integer fill, Stroke stroke) {
        body.append("<circle cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy)).append("\" r=\"")
                .append(num(r)).append('"').append(fill(fill)).append(stroke(stroke)).append("/>\n");
    }

    @Override
    public void text(double x, double y, String text, Font font, int color, Align align, VAlign valign,
            double rotateDegrees) {
        String anchor = switch (align) {
            case START -> "start";
            case MIDDLE -> "middle";
            case END -> "end";
        };
        // The baseline shift is applied before rotation, in the text's own frame, as in RasterCanvas.
        double shift = Fonts.baselineShift(font, valign);
        body.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y + shift)).append('"');
        if (rotateDegrees != 0) {
            body.append(" transform=\"rotate(").append(num(rotateDegrees)).append(' ').append(num(x)).append(' ')
                    .append(num(y)).append(")\"");
        }
        body.append(" font-size=\"").append(num(font.size())).append('"');
        if (font.bold()) {
            body.append(" font-weight=\"bold\"");
        }
        body.append(" text-anchor=\"").append(anchor).append('"').append(fill(color))
                .append(" xml:space=\"preserve\">").append(Html.escape(text)).append("</text>\n");
    }

    @Override
    public void image(BufferedImage image, double x, double y, double w, double h) {
        byte[] png;
        try {
            png = PngEncoder.encode(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        body.append("<image x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(num(h))
                .append("\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"/>\n");
    }

    private static String points(double[] xs, double[] ys) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(num(xs[i])).append(',').append(num(ys[i]));
        }
        return sb.toString();
    }

    private static String fill(Integer color) {
        if (color == null) {
            return " fill=\"none\"";
        }
        return " fill=\"" + hex(color) + "\"" + opacity("fill-opacity", color);
    }

    private static String stroke(Stroke s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(" stroke=\"").append(hex(s.color())).append('"').append(opacity("stroke-opacity", s.color()))
                .append(" stroke-width=\"").append(num(s.width())).append('"');
        if (s.dash() != null) {
            sb.append(" stroke-dasharray=\"");
            for (int i = 0; i < s.dash().length; i++) {
                sb.append(i > 0 ? "," : "").append(num(s.dash()[i]));
            }
            sb.append('"');
        }
        return sb.toString();
    }

    private static String opacity(String attr, int argb) {
        int a = (argb >>> 24) & 0xff;
        return a == 255 ? "" : " " + attr + "=\"" + num(a / 255.0) + "\"";
    }

    private static String hex(int argb) {
        return String.format(Locale.ROOT, "#%06x", argb & 0xffffff);
    }

    /** Numbers with at most 3 decimals, no exponent, '.' as decimal separator whatever the locale. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("non-finite coordinate " + v);
        }
        String s = String.format(Locale.ROOT, "%.3f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
