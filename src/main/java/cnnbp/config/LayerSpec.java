package cnnbp.config;

import cnnbp.kind.LayerKind;
import cnnbp.kind.Options;

/**
 * One entry of a config's {@code layers:} list, as written, before shapes are known: its kind and
 * its checked options (defaults filled in). {@code index} is 1-based as in the config; {@code pos}
 * is where the entry starts.
 */
public record LayerSpec(int index, Pos pos, LayerKind kind, Options options) {
    /** The config's name for the layer type: the kind's key. */
    public String type() {
        return kind.key();
    }
}
