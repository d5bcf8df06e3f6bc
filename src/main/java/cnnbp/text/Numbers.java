package cnnbp.text;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers for people: {@code digits} significant digits, trailing zeros dropped, plain notation
 * from 1e-5 up to 10^digits and scientific (1.5e-07) outside it; the same on every locale.
 */
public final class Numbers {
    private Numbers() {}

    public static String format(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        if (Double.isInfinite(v)) return v > 0 ? "inf" : "-inf";
        if (v == 0) return "0";
        BigDecimal d = new BigDecimal(v).round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;  // v = m · 10^exponent with 1 ≤ |m| < 10
        if (exponent >= -5 && exponent < digits) return d.toPlainString();
        String m = d.movePointLeft(exponent).toPlainString();
        return m + "e" + (exponent < 0 ? "-" : "+") + String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
    }
}
