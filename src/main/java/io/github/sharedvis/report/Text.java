package io.github.sharedvis.report;

import java.util.Locale;

/** Number formatting and text fitting for figures and the HTML report. */
final class Text {

    private Text() {}

    /** Shortens text with an ellipsis so it fits in maxWidth logical units. */
    static String ellipsize(String s, Canvas.Font font, double maxWidth, Canvas c) {
        if (c.textWidth(s, font) <= maxWidth) {
            return s;
        }
        int lo = 0;
        int hi = s.length();
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (c.textWidth(s.substring(0, mid) + "…", font) <= maxWidth) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return s.substring(0, lo) + "…";
    }

    /** A value with about three significant digits; "n/a" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "∞" : "−∞";
        }
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            return String.format(Locale.ROOT, "%.2e", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * A value rounded to {@code digits} significant digits without trailing zeros, exponent form
     * ({@code 5e-4}) for very small or large magnitudes.
     */
    static String compact(double v, int digits) {
        if (!Double.isFinite(v)) {
            return num(v);
        }
        if (v == 0) {
            return "0";
        }
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(digits)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a < 1e-3 || a >= 1e6) {
            int exp = b.precision() - b.scale() - 1;
            java.math.BigDecimal mant = b.movePointLeft(exp);
            return mant.toPlainString() + "e" + exp;
        }
        return b.toPlainString();
    }

    /** Superscript form of an integer exponent, e.g. −4 → "⁻⁴". */
    static String superscript(int e) {
        String digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        StringBuilder sb = new StringBuilder();
        for (char ch : Integer.toString(e).toCharArray()) {
            sb.append(ch == '-' ? '⁻' : digits.charAt(ch - '0'));
        }
        return sb.toString();
    }

    /** A p-value: "&lt; 1e-4" style for tiny ones. */
    static String p(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        if (v < 1e-4) {
            return "< 1e-4";
        }
        return String.format(Locale.ROOT, v < 0.01 ? "%.4f" : "%.3f", v);
    }
}
