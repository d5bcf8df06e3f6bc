package cnnbp.check;

/** Configs of the kink tests that the CLI tests reuse. */
public final class KinkTestConfigs {
    public static final String ON_RELU_KINK = KinkTest.ON_RELU_KINK;

    private KinkTestConfigs() {}
}
