package cnnbp.grade;

import cnnbp.text.Numbers;
import java.math.BigDecimal;

/**
 * When a number a student wrote is right: |got − expected| ≤ atol + rtol·|expected| (numpy's
 * isclose), or with {@code digits} N, |got − expected| ≤ atol + half a unit in the N-th significant
 * digit of expected — for expected 0.1234 and N = 3, a unit is 0.001, so 0.123 and 0.1235 are right
 * and 0.1229 is not. A boundary counts as right. atol stays in both, so that a reference that is 0
 * up to rounding (5.6e-17) accepts the student's 0; give atol 0 for significant digits alone.
 *
 * <p>The arithmetic is decimal, on the numbers as written (each double's shortest form), so a
 * boundary such as 1.01 against 1 with rtol 0.01 is exactly the boundary. A NaN or infinity is right
 * only where expected is the same.
 */
public record Tolerance(double rtol, double atol, int digits) {
    public static final double DEFAULT_RTOL = 1e-2, DEFAULT_ATOL = 1e-4;

    /** {@code digits} 0 means rtol; otherwise rtol is not used. */
    public Tolerance {
        if (!(rtol >= 0) || !(atol >= 0) || Double.isInfinite(rtol) || Double.isInfinite(atol) || digits < 0) {
            throw new IllegalArgumentException("tolerances must be finite and not negative");
        }
    }

    public boolean close(double got, double expected) {
        if (!Double.isFinite(got) || !Double.isFinite(expected)) {
            return Double.compare(got, expected) == 0 || Double.isNaN(got) && Double.isNaN(expected);
        }
        BigDecimal e = decimal(expected);
        BigDecimal allowed = decimal(atol).add(digits > 0 ? halfUnit(e, digits) : decimal(rtol).multiply(e.abs()));
        return decimal(got).subtract(e).abs().compareTo(allowed) <= 0;
    }

    /** Half a unit in the n-th significant digit of e: 5·10^(exponent of e − n); 0 for e = 0. */
    static BigDecimal halfUnit(BigDecimal e, int n) {
        if (e.signum() == 0) return BigDecimal.ZERO;
        int exponent = e.precision() - e.scale() - 1;  // e = m · 10^exponent with 1 ≤ |m| < 10
        return BigDecimal.valueOf(5).scaleByPowerOfTen(exponent - n);
    }

    private static BigDecimal decimal(double v) {
        return new BigDecimal(Double.toString(v));
    }

    /** The rule, for the report: "|got − expected| ≤ 0.0001 + 0.01·|expected|". */
    public String describe() {
        String rel = digits > 0 ? "half a unit in the " + ordinal(digits) + " significant digit of expected"
                : Numbers.format(rtol, 17) + "·|expected|";
        return "|got − expected| ≤ " + Numbers.format(atol, 17) + " + " + rel;
    }

    private static String ordinal(int n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }
}
