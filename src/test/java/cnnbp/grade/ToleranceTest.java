package cnnbp.grade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The edges of both tolerance rules, worked out in decimal by hand. */
class ToleranceTest {
    @ParameterizedTest(name = "rtol {2}, atol {3}: got {0} for {1} -> {4}")
    @CsvSource({
            // |got − expected| ≤ atol + rtol·|expected|, the boundary included.
            "1.01,      1,      0.01, 0,      true",   // exactly 1% of 1: in doubles 1.01 − 1 > 0.01, in decimal equal
            "0.99,      1,      0.01, 0,      true",
            "1.0100001, 1,      0.01, 0,      false",
            "-1.01,     -1,     0.01, 0,      true",   // |expected| for negatives
            "1.01,      -1,     0.01, 0,      false",  // the sign counts
            "25.8964,   25.64,  0.01, 0.0001, true",   // 0.2564 + 0.0001 = 0.2565 exactly
            "25.8966,   25.64,  0.01, 0.0001, false",
            "0.0001,    0,      0.01, 0.0001, true",   // at 0 only atol is left
            "0.00010001, 0,     0.01, 0.0001, false",
            "0,         5.6e-17, 0.01, 0.0001, true",  // a reference that is 0 up to rounding
            "0,         5.6e-17, 0.01, 0,     false",
            "0,         0,      0,    0,      true",
    })
    void relative(double got, double expected, double rtol, double atol, boolean close) {
        assertEquals(close, new Tolerance(rtol, atol, 0).close(got, expected));
    }

    @ParameterizedTest(name = "{2} digits, atol {3}: got {0} for {1} -> {4}")
    @CsvSource({
            // Half a unit in the N-th significant digit of expected: 0.1234 to 3 digits → unit 0.001, half 0.0005.
            "0.123,    0.1234,  3, 0,      true",
            "0.1239,   0.1234,  3, 0,      true",    // 0.0005: the boundary
            "0.1229,   0.1234,  3, 0,      true",    // 0.0005 below
            "0.12391,  0.1234,  3, 0,      false",
            "0.12289,  0.1234,  3, 0,      false",
            "0.124,    0.1235,  3, 0,      true",    // a half: rounding either way is right ...
            "0.123,    0.1235,  3, 0,      true",
            "0.125,    0.1235,  3, 0,      false",
            "10.0,     9.996,   3, 0,      true",    // rounding up past a power of ten: unit from 9.996, 0.01
            "10.01,    9.996,   3, 0,      false",
            "0.1,      0.09996, 3, 0,      true",    // 0.00004 ≤ 0.00005
            "-1.79,    -1.788991, 3, 0,    true",    // unit 0.01 at 1.79, half 0.005
            "1230000,  1234567, 3, 0,      true",    // unit 10000, half 5000: 4567 off
            "1234600,  1234567, 3, 0,      true",    // more digits than asked for are fine
            "1240000,  1234567, 3, 0,      false",   // 5433 > 5000
            "7.3e-12,  7.32301e-12, 2, 0,  true",    // unit 1e-13, half 5e-14; 2.301e-14 off
            "7.4e-12,  7.32301e-12, 2, 0,  false",
            "7.4e-12,  7.32301e-12, 2, 0.0001, true", // atol stays
            "0,        0,       3, 0,      true",
            "1e-300,   0,       3, 0,      false",
    })
    void digits(double got, double expected, int digits, double atol, boolean close) {
        assertEquals(close, new Tolerance(0.01, atol, digits).close(got, expected));
    }

    @Test
    void nanAndInfinityMatchOnlyThemselves() {
        Tolerance t = new Tolerance(0.01, 1e-4, 0);
        assertEquals(true, t.close(Double.NaN, Double.NaN));
        assertEquals(true, t.close(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertEquals(false, t.close(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
        assertEquals(false, t.close(1e300, Double.POSITIVE_INFINITY));
        assertEquals(false, t.close(0, Double.NaN));
        assertEquals(false, t.close(Double.NaN, 0));
    }

    @Test
    void describesItsRule() {
        assertEquals("|got − expected| ≤ 0.0001 + 0.01·|expected|", new Tolerance(0.01, 1e-4, 0).describe());
        assertEquals("|got − expected| ≤ 0 + half a unit in the 2nd significant digit of expected",
                new Tolerance(0.01, 0, 2).describe());
        assertEquals("|got − expected| ≤ 0.0001 + half a unit in the 11th significant digit of expected",
                new Tolerance(0.01, 1e-4, 11).describe());
    }

    @Test
    void rejectsNegativeTolerances() {
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(-0.01, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tolerance(0.01, Double.NaN, 0));
    }
}
