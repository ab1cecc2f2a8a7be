package io.github.sharedvis.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rectangular plot area on a {@link Canvas} with linear data scales: maps data to canvas coordinates
 * and draws the frame, ticks, grid and labels in one consistent style.
 */
final class Axes {

    final Canvas c;
    final double left;
    final double top;
    final double width;
    final double height;
    double xmin;
    double xmax;
    double ymin;
    double ymax;

    Axes(Canvas c, double left, double top, double width, double height) {
        this.c = c;
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
    }

    Axes xlim(double lo, double hi) {
        xmin = lo;
        xmax = hi > lo ? hi : lo + 1;
        return this;
    }

    Axes ylim(double lo, double hi) {
        ymin = lo;
        ymax = hi > lo ? hi : lo + 1;
        return this;
    }

    double px(double x) {
        return left + (x - xmin) / (xmax - xmin) * width;
    }

    double py(double y) {
        return top + height - (y - ymin) / (ymax - ymin) * height;
    }

    double right() {
        return left + width;
    }

    double bottom() {
        return top + height;
    }

    /** Horizontal grid lines and y tick labels at nice values; returns the ticks. */
    List<Double> yTicks(int maxTicks, boolean grid) {
        List<Double> ticks = Ticks.nice(ymin, ymax, maxTicks);
        double step = ticks.size() > 1 ? ticks.get(1) - ticks.get(0) : 1;
        for (double t : ticks) {
            double y = py(t);
            if (grid) {
                c.line(left, y, right(), y, Canvas.Stroke.solid(Style.GRID, 0.8));
            }
            c.line(left - 4, y, left, y, Canvas.Stroke.solid(Style.AXIS, 1));
            c.text(left - 7, y, Ticks.format(t, step), Style.TICK, Style.TEXT, Canvas.Align.END,
                    Canvas.VAlign.MIDDLE, 0);
        }
        return ticks;
    }

    /** Left and bottom spines (open frame, as in most paper figures). */
    void spines() {
        Canvas.Stroke s = Canvas.Stroke.solid(Style.AXIS, 1.1);
        c.line(left, top, left, bottom(), s);
        c.line(left, bottom(), right(), bottom(), s);
    }

    /** Horizontal line at y = value across the plot. */
    void hline(double value, Canvas.Stroke stroke) {
        if (value >= ymin && value <= ymax) {
            c.line(left, py(value), right(), py(value), stroke);
        }
    }

    void yLabel(String text, double offset) {
        c.text(left - offset, top + height / 2, text, Style.LABEL, Style.TEXT, Canvas.Align.MIDDLE,
                Canvas.VAlign.MIDDLE, -90);
    }

    void xLabel(String text, double offset) {
        c.text(left + width / 2, bottom() + offset, text, Style.LABEL, Style.TEXT, Canvas.Align.MIDDLE,
                Canvas.VAlign.TOP, 0);
    }

    void title(String text) {
        c.text(left, top - 12, text, Canvas.Font.bold(12.5), Style.TEXT,
                Canvas.Align.START, Canvas.VAlign.BASELINE, 0);
    }

    /**
     * Categorical x tick labels at x = 1..n (rotated when they would overlap), thinned to fit.
     *
     * @return the lowest y the labels reach
     */
    double categoryTicks(List<String> labels, double maxLabelWidth) {
        int n = labels.size();
        if (n == 0) {
            return bottom();
        }
        double slot = width / Math.max(1, xmax - xmin);
        double widest = 0;
        for (String l : labels) {
            widest = Math.max(widest, c.textWidth(Text.ellipsize(l, Style.TICK, maxLabelWidth, c), Style.TICK));
        }
        boolean rotate = widest > slot * 0.9;
        // rotated labels need ~ one line height per slot
        double need = rotate ? Style.TICK.size() * 1.25 : widest + 6;
        int every = Math.max(1, (int) Math.ceil(need / slot));
        for (int i = 0; i < n; i += every) {
            double x = px(i + 1);
            c.line(x, bottom(), x, bottom() + 4, Canvas.Stroke.solid(Style.AXIS, 1));
            String l = Text.ellipsize(labels.get(i), Style.TICK, maxLabelWidth, c);
            if (rotate) {
                c.text(x + 3, bottom() + 8, l, Style.TICK, Style.TEXT, Canvas.Align.END, Canvas.VAlign.MIDDLE, -50);
            } else {
                c.text(x, bottom() + 7, l, Style.TICK, Style.TEXT, Canvas.Align.MIDDLE, Canvas.VAlign.TOP, 0);
            }
        }
        return rotate ? bottom() + 8 + widest * Math.sin(Math.toRadians(50)) + Style.TICK.size()
                : bottom() + 7 + Style.TICK.size() * 1.2;
    }

    /** Nice tick values and their labels. */
    static final class Ticks {
        private Ticks() {}

        /** Ticks at multiples of 1, 2, 2.5 or 5 × 10^k inside [lo, hi], at most about maxTicks of them. */
        static List<Double> nice(double lo, double hi, int maxTicks) {
            List<Double> out = new ArrayList<>();
            if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
                out.add(lo);
                return out;
            }
            double raw = (hi - lo) / Math.max(1, maxTicks);
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = mag;
            for (double m : new double[] {1, 2, 2.5, 5, 10}) {
                if (m * mag >= raw) {
                    step = m * mag;
                    break;
                }
            }
            long firstIndex = (long) Math.ceil(lo / step - 1e-9);
            for (long i = firstIndex; i * step <= hi + step * 1e-9; i++) {
                // multiples of the step, rounded to 12 significant digits so 3 x 0.2 reads 0.6
                double t = new java.math.BigDecimal(i * step).round(new java.math.MathContext(12)).doubleValue();
                out.add(i == 0 ? 0.0 : t);
            }
            return out;
        }

        /** A label for a tick given the tick step: enough decimals to tell ticks apart; exponent form for tiny or huge values. */
        static String format(double v, double step) {
            if (v == 0) {
                return "0";
            }
            double a = Math.max(Math.abs(v), Math.abs(step));
            if (a < 1e-3 || a >= 1e6) {
                return Text.compact(v, 3);
            }
            int decimals = Math.max(0, (int) Math.ceil(-Math.log10(Math.abs(step)) - 1e-9));
            if (Math.abs(step * Math.pow(10, decimals) - Math.round(step * Math.pow(10, decimals))) > 1e-6) {
                decimals++;
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
    }
}
