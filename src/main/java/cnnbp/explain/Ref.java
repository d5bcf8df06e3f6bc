package cnnbp.explain;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One element of a named tensor of a trace: {@code dL/dZ1[0,2,3]}, its flat (row-major) position
 * in the tensor and its value there.
 *
 * @param index the element's position in the tensor's shape (empty for L)
 */
public record Ref(String tensor, int[] index, int flat, double value) {
    /** The element as the worked examples write it: {@code X[0,1,2]}, or {@code L}. */
    @Override
    public String toString() {
        if (index.length == 0) return tensor;
        return tensor + Arrays.stream(index).mapToObj(Integer::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** The position in {@code shape} of a flat row-major index. */
    static int[] unflatten(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    /** The flat row-major index of a position in {@code shape}. */
    static int flatten(int[] index, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) flat = flat * shape[d] + index[d];
        return flat;
    }
}
