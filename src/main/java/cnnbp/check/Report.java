package cnnbp.check;

import java.util.List;

/**
 * What one {@code cnnbp gradcheck} run found: one or more networks checked with the same options.
 * {@code maxUnjudged} is the fraction of the checked elements that may go unjudged (kinks on both
 * sides) before the run fails for having tested too little; 1 allows any.
 */
public record Report(List<NetworkResult> networks, CheckOptions options, double seconds, double maxUnjudged) {
    public Report {
        networks = List.copyOf(networks);
    }

    public Report(List<NetworkResult> networks, CheckOptions options, double seconds) {
        this(networks, options, seconds, 1);
    }

    /** Every checked element agrees, and no more of them went unjudged than allowed. */
    public boolean passed() {
        return networks.stream().allMatch(NetworkResult::passed) && !tooLittleJudged();
    }

    /** More of the checked elements than {@code maxUnjudged} allows sat on kinks on both sides. */
    public boolean tooLittleJudged() {
        return unjudged() > maxUnjudged * checked();
    }

    /** "19 of 74 not judged: kinks on both sides", or "" when every element was judged. */
    public String unjudgedText() {
        return unjudged() == 0 ? "" : String.format(java.util.Locale.ROOT, "%,d of %,d not judged: kinks on both sides",
                unjudged(), checked());
    }

    /** The command's exit code for this report: 0 when every element passed, 1 on a mismatch. */
    public int exitCode() {
        return passed() ? 0 : 1;
    }

    public long checked() {
        return networks.stream().mapToLong(NetworkResult::checked).sum();
    }

    public long failed() {
        return networks.stream().mapToLong(NetworkResult::failed).sum();
    }

    public long kinks() {
        return networks.stream().mapToLong(NetworkResult::kinks).sum();
    }

    public long unjudged() {
        return networks.stream().mapToLong(NetworkResult::unjudged).sum();
    }

    public int tensors() {
        return networks.stream().mapToInt(n -> n.tensors().size()).sum();
    }

    /** Tensors whose every checked element is zero in both gradients. */
    public List<String> allZero() {
        return networks.stream().flatMap(n -> n.tensors().stream().filter(t -> t.allZero())
                .map(t -> (networks.size() > 1 ? n.name() + " " : "") + t.name())).toList();
    }

    /** The command that reproduces one element's check: the network's command with {@code --only}. */
    public static String reproduce(NetworkResult n, String tensor, int[] index) {
        return n.command() + " --only '" + Selector.element(tensor, index) + "'";
    }
}
