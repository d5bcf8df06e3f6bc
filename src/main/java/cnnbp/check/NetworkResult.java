package cnnbp.check;

import java.util.List;

/**
 * The check of one network.
 *
 * @param name     the config's path, or the self-test network's name
 * @param loss     the loss function's key ("cross_entropy")
 * @param lossValue L at the checked point
 * @param inputs   what was checked on: "the config's example", "4 random examples (seed 1)"
 * @param examples M, the batch size
 * @param command  the command line that reruns this check; a failing element's reproducer adds
 *                 {@code --only NAME[i,j]} to it
 * @param seconds  how long the check took
 * @param blame    when the check failed, the first layer whose backward disagrees with finite differences
 *                 of its own forward ("layer 3 square: backward's dL/dinput disagrees ... at [0,1,2] ..."),
 *                 or null (it passed, or every layer agrees on its own)
 */
public record NetworkResult(String name, String loss, double lossValue, String inputs, int examples, String command,
                            List<TensorResult> tensors, double seconds, String blame) {
    public NetworkResult {
        tensors = List.copyOf(tensors);
    }

    public boolean passed() {
        return tensors.stream().allMatch(TensorResult::passed);
    }

    public long checked() {
        return tensors.stream().mapToLong(TensorResult::checked).sum();
    }

    public long failed() {
        return tensors.stream().mapToLong(TensorResult::failed).sum();
    }

    public long kinks() {
        return tensors.stream().mapToLong(TensorResult::kinks).sum();
    }

    public long unjudged() {
        return tensors.stream().mapToLong(TensorResult::unjudged).sum();
    }
}
