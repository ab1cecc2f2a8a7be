package io.github.sharedvis.pipeline;

import java.util.List;
import java.util.Locale;

/**
 * TOML value text as sharedvis writes it (the config writer, {@code sharedvis init}'s example and
 * {@code sharedvis demo}'s config): one spelling per value, so a written config reads back to the same
 * {@link RunConfig} and writing it again gives the same text.
 */
final class TomlText {
    private TomlText() {}

    /** A TOML float: {@code 4.0}, {@code 1.0E7}, {@code inf}, {@code nan}. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return Double.toString(v);
    }

    /** A list of numbers, whole ones without {@code .0}: {@code [0.01, 1, 10]}. */
    static String numbers(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ");
            double x = v[i];
            b.append(x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : number(x));
        }
        return b.append(']').toString();
    }

    /** A list of floats as Java prints them ({@code [0.485, 0.456, 0.406]}), so they read back to the same floats. */
    static String floats(float[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Float.isFinite(v[i]) ? Float.toString(v[i]) : number(v[i]));
        }
        return b.append(']').toString();
    }

    /** A list of quoted strings: {@code ["n1", "n2"]}. */
    static String strings(List<?> v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(quote(String.valueOf(v.get(i))));
        }
        return b.append(']').toString();
    }

    /** See {@link ConfigLoader#quote}. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
