package io.github.sharedvis.pipeline;

import java.util.Locale;

/** CSV cells as RFC 4180 writes them; numbers in a locale-free form, {@code NaN} for missing. */
final class Csv {
    private Csv() {}

    static String field(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /**
     * A stimulus id inside {@code reference_candidates} ({@code id:similarity;id:similarity}): a
     * backslash, {@code ;} and {@code :} in the id are escaped with a backslash, so the list splits
     * unambiguously (docs/outputs.md).
     */
    static String candidateId(String id) {
        return id.replace("\\", "\\\\").replace(";", "\\;").replace(":", "\\:");
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        // 9 significant digits; trailing zeros of the mantissa dropped, the exponent left intact
        String t = String.format(Locale.ROOT, "%.9g", v);
        int e = t.indexOf('e');
        String mantissa = e < 0 ? t : t.substring(0, e);
        String exponent = e < 0 ? "" : t.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }
}
