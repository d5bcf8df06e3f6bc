package cnnbp.config;

/**
 * A config's {@code train:} section, with defaults for what it leaves out. {@code seed} drives
 * initialisation (unless {@code init: {seed}} is given) and shuffling.
 */
public record TrainSpec(int batch, int epochs, OptimizerSpec optimizer, LrScheduleSpec lrSchedule, long seed) {
    public static final int DEFAULT_BATCH = 32, DEFAULT_EPOCHS = 5;

    /** The optimizer's (base) learning rate. */
    public double lr() {
        return optimizer.lr();
    }

    /** The same settings for {@code n} epochs. */
    public TrainSpec withEpochs(int n) {
        return new TrainSpec(batch, n, optimizer, lrSchedule, seed);
    }
}
