package cnnbp.layer;

import java.util.stream.Stream;

/** One pooling: batch N, input (C, H, W), window (kh, kw) moved by (sh, sw); no padding, floor mode. */
record PoolCase(int n, int c, int h, int w, int kh, int kw, int sh, int sw) {
    static Stream<PoolCase> cases() {
        return Stream.of(
                new PoolCase(1, 1, 4, 4, 2, 2, 2, 2),
                new PoolCase(3, 3, 5, 7, 2, 2, 2, 2),   // floor mode drops the last row and column
                new PoolCase(1, 1, 7, 7, 3, 3, 2, 2),   // overlapping windows
                new PoolCase(3, 2, 5, 7, 3, 3, 2, 2),   // overlapping, non-square input
                new PoolCase(1, 3, 5, 7, 2, 3, 1, 2),   // non-square window and stride
                new PoolCase(3, 1, 6, 5, 3, 2, 2, 3),
                new PoolCase(1, 1, 5, 5, 3, 3, 1, 1),   // every input in up to 9 windows
                new PoolCase(3, 1, 5, 7, 5, 7, 1, 1),   // one window over everything
                new PoolCase(2, 2, 5, 6, 2, 2, 1, 1),   // 2x2 windows (max pool's own kernel), overlapping
                new PoolCase(1, 2, 7, 7, 2, 2, 3, 2));  // 2x2 windows, stride 3x2
    }

    int oh() {
        return (h - kh) / sh + 1;
    }

    int ow() {
        return (w - kw) / sw + 1;
    }

    int[] inShape() {
        return new int[] {c, h, w};
    }

    int[] size() {
        return new int[] {kh, kw};
    }

    int[] stride() {
        return new int[] {sh, sw};
    }

    long seed() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return String.format("N%d C%d in %dx%d size %dx%d stride %dx%d", n, c, h, w, kh, kw, sh, sw);
    }
}
