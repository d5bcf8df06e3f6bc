package cnnbp.config;

/**
 * A config's {@code train:} section, with defaults for what it leaves out. {@code seed} drives
 * initialisation (unless {@code init: {seed}} is given) and shuffling.
 */
public record TrainSpec(int batch, int epochs, double lr, double momentum, double weightDecay, long seed) {
    public static final int DEFAULT_BATCH = 32, DEFAULT_EPOCHS = 5;
    public static final double DEFAULT_LR = 0.05, DEFAULT_MOMENTUM = 0.9, DEFAULT_WEIGHT_DECAY = 0;
}
