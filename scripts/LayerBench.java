import cnnbp.build.NetworkBuilder;
import cnnbp.config.ConfigLoader;
import cnnbp.layer.Layer;
import cnnbp.model.Network;
import cnnbp.tensor.Parallel;
import cnnbp.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Each layer's forward and backward alone, one thread, a batch at a time: µs an image, the fastest of 300
 * rounds (the machine's slow spells only ever add). Where the step's time goes, layer by layer. Run by
 * scripts/bench-layers.
 */
public class LayerBench {
    public static void main(String[] args) throws Exception {
        Path config = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        Parallel.threads(1);
        Network net = NetworkBuilder.build(ConfigLoader.load(config));
        Random rnd = new Random(1);
        int[] shape = net.inShape();
        int per = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[batch * per], labels = new double[batch];
        for (int i = 0; i < values.length; i++) values[i] = rnd.nextDouble();
        int classes = net.outShape()[0];
        for (int i = 0; i < batch; i++) labels[i] = rnd.nextInt(classes);
        int[] xShape = new int[shape.length + 1];
        xShape[0] = batch;
        System.arraycopy(shape, 0, xShape, 1, shape.length);
        Tensor x = new Tensor(xShape, values);
        net.forward(x, labels);
        net.backward(false);
        List<Layer> layers = net.layers();
        int count = layers.size() - 1;  // the output activation's backward is fused into the loss's
        double[] fwd = new double[count], bwd = new double[count];
        Arrays.fill(fwd, Double.MAX_VALUE);
        Arrays.fill(bwd, Double.MAX_VALUE);
        for (int round = 0; round < 300; round++) {
            for (int i = 0; i < count; i++) {
                Layer layer = layers.get(i);
                long t0 = System.nanoTime();
                layer.forward(i == 0 ? x : net.output(i - 1));
                long t1 = System.nanoTime();
                layer.backward(net.gradOutput(i), i > 0);
                long t2 = System.nanoTime();
                fwd[i] = Math.min(fwd[i], (t1 - t0) / 1e3 / batch);
                bwd[i] = Math.min(bwd[i], (t2 - t1) / 1e3 / batch);
            }
        }
        System.out.printf("%-3s %-9s %-14s %9s %9s   (µs an image, batch %d, 1 thread)%n", "", "layer", "out shape", "forward",
                "backward", batch);
        double f = 0, b = 0;
        for (int i = 0; i < count; i++) {
            System.out.printf("%-3d %-9s %-14s %9.2f %9.2f%n", i + 1, layers.get(i).type(),
                    Arrays.toString(layers.get(i).outShape()), fwd[i], bwd[i]);
            f += fwd[i];
            b += bwd[i];
        }
        System.out.printf("%-3s %-9s %-14s %9.2f %9.2f%n", "", "all", "", f, b);
    }
}
