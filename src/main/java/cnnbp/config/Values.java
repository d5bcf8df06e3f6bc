package cnnbp.config;

/**
 * Numbers given in a config as a (possibly nested) list: {@code shape} is the nesting, e.g. a
 * {@code [[[[0.1, -0.2], [0.3, 0.4]]]]} gives shape [1, 1, 2, 2]; {@code data} is row-major.
 * {@code missing} marks the values written as null, where nulls are allowed (a student's answers);
 * it is null elsewhere.
 */
public record Values(int[] shape, double[] data, boolean[] missing, Pos pos) {}
