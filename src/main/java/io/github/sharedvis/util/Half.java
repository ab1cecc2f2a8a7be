package io.github.sharedvis.util;

/** IEEE 754 half precision (float16) decoding; {@code Float.float16ToFloat} only exists from Java 20. */
public final class Half {
    private Half() {}

    /**
     * @param bits the 16 bits of a half-precision value
     * @return the value as a float (exact: every half is representable)
     */
    public static float toFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) & 1;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        float v;
        if (exp == 0) {
            v = mant * 0x1p-24f; // subnormal: mant * 2^-14 / 1024
        } else if (exp == 31) {
            v = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            v = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -v : v;
    }
}
