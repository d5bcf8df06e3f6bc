package cnnbp.config;

import cnnbp.loss.LossKind;
import cnnbp.kind.LayerKinds;
import java.nio.file.Path;
import java.util.List;

/**
 * A parsed network config: the YAML file turned into plain records, nothing built yet.
 *
 * @param file    where it was read from; relative paths in the config resolve against its folder
 * @param input   one example's shape: [channels, height, width] or [features]
 * @param seed    seeds every initialised weight: {@code init: {seed: N}}, else {@code train: {seed: N}}, else 1
 * @param example the config's {@code example:}, or null
 * @param examples the config's {@code examples:} (a batch for the trace, M ≥ 1 of them), or null
 * @param data    the config's {@code data:}, or null
 * @param train   the config's {@code train:} with its defaults filled in (all defaults when absent)
 * @param kinds   the layer kinds the config was read with, its plugins' included
 */
public record NetworkConfig(Path file, int[] input, List<LayerSpec> layers, LossKind loss, long seed,
                            Example example, List<Example> examples, DataSpec data, TrainSpec train,
                            LayerKinds kinds) {
    public static final long DEFAULT_SEED = 1;

    /** One example: the input in row-major C,H,W order and its label. */
    public record Example(double[] input, double label, Pos pos) {}
}
