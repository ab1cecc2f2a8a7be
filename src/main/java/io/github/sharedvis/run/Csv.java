package io.github.sharedvis.run;

import java.util.Locale;

/** Numbers in the run's CSV files: locale-free, 9 significant digits, {@code NaN} for missing. */
public final class Csv {
    private Csv() {}

    /**
     * @param v a value
     * @return its cell text: whole numbers without a decimal point, others to 9 significant digits
     */
    public static String number(double v) {
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
