package cnnbp.check;

import cnnbp.BadInputException;
import cnnbp.config.ConfigLoader;
import cnnbp.text.DidYouMean;
import cnnbp.config.NetworkConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The built-in self-test: small networks (configs in the resources under {@code gradcheck/}) that
 * together cover every layer type, every loss, strides 1–3, padding, non-square kernels and inputs,
 * several channels and filters, and a batch of {@link #BATCH} random examples. Each is checked in
 * full, dL/dX included.
 */
public final class SelfTest {
    public static final List<String> NETWORKS = List.of("rgb-conv-maxpool-ce", "stride2-leaky-avgpool-bce",
            "stride3-tanh-overlap-mse", "two-conv-softmax-mse", "pool-first-sigmoid-ce", "mlp-regression",
            "bn-dropout-gap", "global-maxpool-bn");
    public static final int BATCH = 3;

    private SelfTest() {}

    /** The parsed config of a self-test network; its file is named {@code selftest/NAME.conf} in messages. */
    public static NetworkConfig config(String name) {
        if (!NETWORKS.contains(name)) {
            throw new BadInputException("--selftest " + name + ": no such self-test network"
                    + DidYouMean.suggest(name, NETWORKS) + "; expected one of " + String.join(", ", NETWORKS));
        }
        try (InputStream in = SelfTest.class.getResourceAsStream("/gradcheck/" + name + ".conf")) {
            if (in == null) throw new IllegalStateException("the resource gradcheck/" + name + ".conf is missing");
            return ConfigLoader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    Path.of("selftest/" + name + ".conf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
