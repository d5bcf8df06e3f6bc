package cnnbp.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cnnbp.BadInputException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code train:}'s optimizer, its options and {@code lr_schedule}: PyTorch's defaults, and every mistake named. */
class OptimizerSectionTest {
    private static final Path FILE = Path.of("net.conf");
    private static final String NET = "input: [2]\nlayers:\n  - dense: {units: 2}\n  - softmax\nloss: cross_entropy\n";

    private static TrainSpec train(String section) {
        return ConfigLoader.parse(NET + "train: " + section + "\n", FILE).train();
    }

    @Test
    void eachOptimizerHasPyTorchsDefaultsButSgdKeepsCnnbps() {
        assertEquals(new OptimizerSpec.Sgd(0.05, 0.9, 0, false, 0), train("{batch: 4}").optimizer());
        assertEquals(new OptimizerSpec.Sgd(0.05, 0.9, 0, false, 0), train("{optimizer: sgd}").optimizer());
        assertEquals(new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false), train("{optimizer: adam}").optimizer());
        assertEquals(new OptimizerSpec.Adam(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, true), train("{optimizer: adamw}").optimizer());
        assertEquals(new OptimizerSpec.RmsProp(1e-2, 0.99, 1e-8, 0, 0, false), train("{optimizer: rmsprop}").optimizer());
        assertEquals(LrScheduleSpec.CONSTANT, train("{optimizer: adam}").lrSchedule());
    }

    @Test
    void everyOptionIsRead() {
        assertEquals(new OptimizerSpec.Sgd(0.1, 0.8, 0, true, 1e-4),
                train("{lr: 0.1, momentum: 0.8, nesterov: true, weight_decay: 1e-4}").optimizer());
        assertEquals(new OptimizerSpec.Sgd(0.1, 0.5, 0.5, false, 0), train("{lr: 0.1, momentum: 0.5, dampening: 0.5}").optimizer());
        assertEquals(new OptimizerSpec.Adam(0.01, 0.8, 0.99, 1e-6, 0.1, true, true),
                train("{optimizer: adamw, lr: 0.01, betas: [0.8, 0.99], eps: 1e-6, weight_decay: 0.1, amsgrad: true}").optimizer());
        assertEquals(new OptimizerSpec.RmsProp(0.001, 0.9, 1e-6, 0.01, 0.5, true), train("{optimizer: rmsprop, lr: 0.001,"
                + " alpha: 0.9, eps: 1e-6, weight_decay: 0.01, momentum: 0.5, centered: true}").optimizer());
        assertEquals(new LrScheduleSpec("step", 3, 0.1, 0, 0, 0, 1.0 / 3), train("{lr_schedule: {type: step, step_size: 3}}").lrSchedule());
        assertEquals(new LrScheduleSpec("cosine", 0, 0, 20, 1e-4, 2, 0.1),
                train("{lr_schedule: {type: cosine, T_max: 20, eta_min: 1e-4, warmup_epochs: 2, warmup_start_factor: 0.1}}").lrSchedule());
        assertEquals(new LrScheduleSpec("exponential", 0, 0.9, 0, 0, 0, 1.0 / 3),
                train("{lr_schedule: {type: exponential, gamma: 0.9}}").lrSchedule());
        assertEquals(new LrScheduleSpec("constant", 0, 0, 0, 0, 5, 1.0 / 3),
                train("{lr_schedule: {type: constant, warmup_epochs: 5}}").lrSchedule());
    }

    @Test
    void theDescriptionsReadAsTheConfigWritesThem() {
        assertEquals("adam: lr 0.001, betas [0.9, 0.999], eps 1.0E-8, weight_decay 0, amsgrad false",
                train("{optimizer: adam}").optimizer().describe());
        assertEquals("cosine: T_max 20, eta_min 0, warmup_epochs 2, warmup_start_factor 0.1",
                train("{lr_schedule: {type: cosine, T_max: 20, warmup_epochs: 2, warmup_start_factor: 0.1}}").lrSchedule().describe());
        assertEquals("constant", LrScheduleSpec.CONSTANT.describe());
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("{optimizer: adma}", "6:20: train: unknown optimizer 'adma' (did you mean 'adam'?); expected one of sgd, adam, adamw, rmsprop"),
                Arguments.of("{optimizer: 3}", "6:20: train: unknown optimizer '3'; expected one of sgd, adam, adamw, rmsprop"),
                Arguments.of("{optimizer: adam, momentum: 0.9}", "6:36: train: 'momentum' is not an option of adam (it is sgd, rmsprop's); adam takes lr, betas, eps, weight_decay, amsgrad"),
                Arguments.of("{betas: [0.9, 0.99]}", "6:16: train: 'betas' is not an option of sgd (it is adam, adamw's); sgd takes lr, momentum, dampening, nesterov, weight_decay"),
                Arguments.of("{optimizer: rmsprop, amsgrad: true}", "6:38: train: 'amsgrad' is not an option of rmsprop"),
                Arguments.of("{optimizer: adam, beta: [0.9, 0.99]}", "6:26: train: unknown key 'beta' (did you mean 'betas'?)"),
                Arguments.of("{optimizer: adam, betas: [0.9, 1]}", "6:39: train: 'betas' must be [beta1, beta2], two numbers in [0, 1), got 1"),
                Arguments.of("{optimizer: adam, betas: 0.9}", "6:33: train: 'betas' must be [beta1, beta2], two numbers in [0, 1), got 0.9"),
                Arguments.of("{optimizer: adam, eps: -1e-8}", "6:31: train: 'eps' must be 0 or more, got -1e-8"),
                Arguments.of("{optimizer: adam, amsgrad: 1}", "6:35: train: 'amsgrad' must be true or false, got 1"),
                Arguments.of("{optimizer: adamw, weight_decay: -0.01}", "6:41: train: 'weight_decay' must be 0 or more, got -0.01"),
                Arguments.of("{optimizer: adam, lr: 0}", "6:30: train: 'lr' must be a positive number, got 0"),
                Arguments.of("{optimizer: rmsprop, alpha: 1}", "6:36: train: 'alpha' must be in [0, 1), got 1"),
                Arguments.of("{optimizer: rmsprop, momentum: -0.5}", "6:39: train: 'momentum' must be in [0, 1), got -0.5"),
                Arguments.of("{dampening: 1.5}", "6:20: train: 'dampening' must be in [0, 1], got 1.5"),
                Arguments.of("{momentum: 0, nesterov: true}", "6:32: train: 'nesterov: true' needs a momentum above 0 and dampening 0 (as torch.optim.SGD), got momentum 0, dampening 0"),
                Arguments.of("{nesterov: true, dampening: 0.1}", "6:19: train: 'nesterov: true' needs a momentum above 0 and dampening 0 (as torch.optim.SGD), got momentum 0.9, dampening 0.1"),
                Arguments.of("{lr_schedule: cosine}", "6:22: train: 'lr_schedule' must be a mapping such as {type: cosine, T_max: 10}, got \"cosine\""),
                Arguments.of("{lr_schedule: {T_max: 10}}", "6:22: train: lr_schedule: missing required key 'type'"),
                Arguments.of("{lr_schedule: {type: cosin, T_max: 10}}", "6:29: train: lr_schedule: unknown schedule 'cosin' (did you mean 'cosine'?); expected one of step, exponential, cosine, constant"),
                Arguments.of("{lr_schedule: {type: cosine}}", "6:22: train: lr_schedule: the cosine schedule needs 'T_max', a positive integer"),
                Arguments.of("{lr_schedule: {type: cosine, t_max: 10}}", "6:37: train: lr_schedule: unknown key 't_max' (did you mean 'T_max'?)"),
                Arguments.of("{lr_schedule: {type: cosine, T_max: 2.5}}", "6:44: train: lr_schedule: 'T_max' must be a positive integer, got 2.5"),
                Arguments.of("{lr_schedule: {type: cosine, T_max: 10, gamma: 0.5}}", "6:55: train: lr_schedule: 'gamma' is not an option of the cosine schedule; cosine takes T_max, eta_min, warmup_epochs, warmup_start_factor"),
                Arguments.of("{lr_schedule: {type: cosine, T_max: 10, eta_min: -1}}", "6:57: train: lr_schedule: 'eta_min' must be 0 or more, got -1"),
                Arguments.of("{lr_schedule: {type: step}}", "6:22: train: lr_schedule: the step schedule needs 'step_size', a positive integer"),
                Arguments.of("{lr_schedule: {type: step, step_size: 0}}", "6:46: train: lr_schedule: 'step_size' must be a positive integer, got 0"),
                Arguments.of("{lr_schedule: {type: exponential}}", "6:22: train: lr_schedule: the exponential schedule needs 'gamma', a positive number"),
                Arguments.of("{lr_schedule: {type: exponential, gamma: 0}}", "6:49: train: lr_schedule: 'gamma' must be a positive number, got 0"),
                Arguments.of("{lr_schedule: {type: constant, warmup_epochs: -1}}", "6:54: train: lr_schedule: 'warmup_epochs' must be a whole number 0 or more, got -1"),
                Arguments.of("{lr_schedule: {type: constant, warmup_start_factor: 0.1}}", "6:60: train: lr_schedule: 'warmup_start_factor' needs warmup_epochs of 1 or more"),
                Arguments.of("{lr_schedule: {type: constant, warmup_epochs: 2, warmup_start_factor: 0}}", "6:78: train: lr_schedule: 'warmup_start_factor' must be in (0, 1], got 0"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void mistakesNameTheirPlace(String section, String message) {
        BadInputException e = assertThrows(BadInputException.class, () -> train(section));
        assertEquals(true, e.getMessage().startsWith(FILE + ":" + message), e.getMessage());
    }
}
