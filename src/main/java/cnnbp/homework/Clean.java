package cnnbp.homework;

import cnnbp.trace.Trace;
import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;

/**
 * A trace for people: every value that is 0 up to float rounding (|v| below {@link #ZERO}, far
 * below any number a hand-friendly problem gives) written 0, so a handout or answer key shows 0 where
 * the float arithmetic left 1.11022e-16. The reference JSON keeps the exact floats.
 */
final class Clean {
    static final double ZERO = 1e-10;

    private Clean() {}

    static Trace of(Trace t) {
        double[] losses = t.losses().clone();
        for (int m = 0; m < losses.length; m++) if (Math.abs(losses[m]) < ZERO) losses[m] = 0;
        java.util.Map<String, Item> perExample = new java.util.LinkedHashMap<>();
        t.perExample().forEach((name, it) -> perExample.put(name, item(it)));
        return new Trace(t.source(), t.lossKind(), t.labels(), Math.abs(t.loss()) < ZERO ? 0 : t.loss(), losses,
                t.lossRule(), item(t.x()), item(t.y()), t.layers().stream().map(s -> new Step(s.index(), s.type(),
                        s.description(), s.options(), item(s.output()), item(s.gradOutput()), s.params().stream()
                        .map(p -> new Trace.ParamItem(p.key(), item(p.value()), item(p.grad()))).toList(),
                        s.extras().stream().map(e -> new Trace.Extra(e.key(), item(e.value()), item(e.grad()),
                                e.perExample())).toList())).toList(), perExample, t.exampleLossRule(), t.randomKey());
    }

    private static Item item(Item it) {
        if (it == null) return null;
        double[] data = it.data().clone();
        for (int i = 0; i < data.length; i++) if (Math.abs(data[i]) < ZERO) data[i] = 0;
        return new Item(it.name(), it.shape(), data, it.rule());
    }
}
