package cnnbp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus of src/test/resources/bad-inputs: each line of cases.txt is a command line and a
 * fragment of the message it must give. Every case must exit with code 2 and print exactly one line on
 * stderr, starting "cnnbp" and naming the file and place, with no stack trace and no library internals,
 * within a generous time and allocation bound, changing, adding or removing no file. The small bad files
 * are in files/; the large or special ones (a 33 MB config, FIFOs, symbolic links, an IDX header that
 * promises 1.5 GB, a PNG header of 40000x40000, a 91,601-character line) are made here.
 */
class BadInputCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What a message must not show: a stack trace, Java's or a library's names for things. */
    private static final List<String> INTERNALS = List.of("\tat ", "Exception", "java.", "javax.", "com.fasterxml",
            "org.apache", "org.snakeyaml", "picocli", "REDACTED", "Source:", "JsonReadFeature", "StreamReadFeature",
            "startline", "scanline", "Usage:", "NullPointer", "null pointer");
    private static final long MAX_ALLOCATED = 512L << 20;

    @TempDir
    static Path d;
    static boolean fifos;

    static List<String[]> cases() throws IOException {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = BadInputCorpusTest.class.getResourceAsStream("/bad-inputs/cases.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int bar = line.indexOf(" | ");
                out.add(new String[] {line.substring(0, bar).strip(), line.substring(bar + 3).strip()});
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachBadInputIsOneLineAndExitCode2(String command, String fragment) throws IOException {
        String[] args = Arrays.stream(command.split(" ")).map(w -> w.replace("{d}", d.toString())).toArray(String[]::new);
        String expected = fragment.replace("{d}", d.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(fifos || !command.contains("fifo"), "no mkfifo here");
        Map<String, String> before = snapshot();
        Cli r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            Cli run = Cli.run(args);
            allocated = threads.getCurrentThreadAllocatedBytes() - allocated;
            assertTrue(allocated < MAX_ALLOCATED, "allocated " + allocated + " bytes");
            return run;
        });
        String err = r.err().replace(System.lineSeparator(), "\n");
        assertEquals(2, r.code(), err + r.out());
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertTrue(err.startsWith("cnnbp"), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertTrue(err.length() <= 500, "a line of " + err.length() + " characters");
        for (String internal : INTERNALS) assertFalse(err.contains(internal), "'" + internal + "' in: " + err);
        assertEquals(before, snapshot(), "no file changed, added or removed");
    }

    /** Every path under d, with its size and modification time: what a case must leave as it was. */
    private static Map<String, String> snapshot() throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(d)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                out.put(d.relativize(p).toString(), a.isDirectory() ? "dir" : a.size() + " " + a.lastModifiedTime());
            }
        }
        return out;
    }

    @BeforeAll
    static void makeTheFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/bad-inputs/files"))) {
            for (Path f : files.toList()) Files.copy(f, d.resolve(f.getFileName()));
        }
        Files.copy(Path.of("configs/seed002.conf"), d.resolve("good.conf"));
        Files.copy(Path.of("src/test/resources/compare/seed002.ref.json"), d.resolve("ref.json"));
        Files.copy(Path.of("src/test/resources/compare/seed002.answers.yaml"), d.resolve("answers.yaml"));
        Files.writeString(d.resolve("old-log.csv"), "epoch,loss,accuracy,test_loss,test_accuracy,seconds,lr\n1,0.5,,,,1.0,0.1\n");

        // A 33 MB config (sparse), the reference with a 91,601-character line.
        try (RandomAccessFile f = new RandomAccessFile(d.resolve("gen-huge.conf").toFile(), "rw")) {
            f.setLength(33L << 20);
        }
        ObjectNode ref = (ObjectNode) JSON.readTree(d.resolve("ref.json").toFile());
        ArrayNode data = ((ObjectNode) ref.get("input")).putArray("data");
        for (int i = 0; i < 9160; i++) data.add(1.23456789);
        Files.writeString(d.resolve("gen-long-line.json"), JSON.writeValueAsString(ref));

        // Image data: 8x8 gray lines in three class folders, and a checkpoint of one epoch on them.
        TrainCommandTest.images(d.resolve("data/train"), 4, 1);
        String img = "input: [1, 8, 8]\nlayers:\n  - conv: {filters: 2, kernel: 3}\n  - relu\n  - flatten\n"
                + "  - dense: {units: 3}\n  - softmax\nloss: cross_entropy\n";
        Files.writeString(d.resolve("img.conf"), img + "data: {train: data/train}\ntrain: {batch: 4, epochs: 1, lr: 0.1}\n");
        Cli saved = Cli.run("train", "--config", d.resolve("img.conf").toString(), "--save", d.resolve("ckpt-epochs.json").toString());
        assertEquals(0, saved.code(), saved.err());
        checkpoint("ckpt-history.json", t -> t.putObject("history").put("epoch", 1));
        checkpoint("ckpt-lr.json", t -> t.put("lr", "0.1"));
        checkpoint("ckpt-negative.json", t -> t.put("epochs_done", -1));
        checkpoint("ckpt-format.json", t -> t.put("format", "cnnbp-training/9"));
        checkpoint("ckpt-other.json", t -> {
            ((ArrayNode) t.get("network")).set(1, JSON.getNodeFactory().textNode("layer 1 conv: filters 9"));
            t.put("network_sha256", "0");
        });
        checkpoint("ckpt-momentum.json", t -> ((ObjectNode) t.get("optimizer_state").get("momentum_buffer").get(0)).putArray("W"));
        // The network the checkpoint carries, broken each way (read by predict, evaluate, summary, gradcheck, export).
        architecture("arch-filters.json", a -> ((ObjectNode) a.get("layers").get(0).get("options")).put("filters", -3));
        architecture("arch-huge.json", a -> ((ObjectNode) a.get("layers").get(0).get("options")).put("filters", 2_000_000_000));
        architecture("arch-option.json", a -> ((ObjectNode) a.get("layers").get(0).get("options")).put("colour", 1));
        architecture("arch-type.json", a -> ((ObjectNode) a.get("layers").get(1)).put("type", "rellu"));
        architecture("arch-input.json", a -> a.putArray("input").add(1).add(8));
        architecture("arch-loss.json", a -> a.put("loss", "hinge"));
        architecture("arch-layers.json", a -> a.putObject("layers"));
        architecture("arch-scale.json", a -> ((ObjectNode) a.get("data")).put("scale", "1/255"));
        architecture("arch-plugin.json", a -> {
            ((ObjectNode) a.get("layers").get(1)).put("type", "hardswish");
            a.putObject("plugins").put("hardswish", "layers.jar");
        });
        ObjectNode arch = (ObjectNode) JSON.readTree(d.resolve("ckpt-epochs.json").toFile());
        Files.writeString(d.resolve("arch-text.json"), JSON.writeValueAsString(arch.put("architecture", "conv")));
        Files.writeString(d.resolve("arch-old.json"), JSON.writeValueAsString(arch.without("architecture")));
        Files.writeString(d.resolve("img-other.conf"), img.replace("filters: 2", "filters: 3"));

        String whole = Files.readString(d.resolve("ckpt-epochs.json"));
        Files.writeString(d.resolve("ckpt-truncated.json"), whole.substring(0, whole.length() / 2));

        // An IDX header that promises 2,000,000 images of 28x28 (1.5 GB) in a 116-byte file; gzipped; a wrong magic.
        byte[] idx = idx(0x00000803, 2_000_000, 28, 28, 100);
        byte[] labels = idx(0x00000801, 2_000_000, -1, -1, 100);
        idxFolder("gen-idx", "train-images-idx3-ubyte", idx, "train-labels-idx1-ubyte", labels);
        idxFolder("gen-idx-gz", "train-images-idx3-ubyte.gz", gzip(idx), "train-labels-idx1-ubyte.gz", gzip(labels));
        idxFolder("gen-idx-magic", "train-images-idx3-ubyte", idx(0x00000802, 1, 28, 28, 784), "train-labels-idx1-ubyte",
                idx(0x00000801, 1, -1, -1, 1));
        for (String name : List.of("idx", "idx-gz", "idx-magic")) {
            String file = name.equals("idx-gz") ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte";
            Files.writeString(d.resolve(name + ".conf"), "input: [1, 28, 28]\nlayers:\n  - flatten\n  - dense: {units: 2}\n"
                    + "  - softmax\nloss: cross_entropy\ndata: {train: gen-" + name + "/" + file + "}\n");
        }

        // A PNG whose header declares 40000x40000 pixels (and holds none).
        Files.write(d.resolve("gen-big.png"), png(40000, 40000));

        // Class folders with a link to a sibling class, with a link up to the data folder (a loop), with a FIFO.
        TrainCommandTest.images(d.resolve("gen-link/train"), 2, 1);
        Files.createSymbolicLink(d.resolve("gen-link/train/vertical/a"), Path.of("../diagonal"));
        Files.writeString(d.resolve("link.conf"), img + "data: {train: gen-link/train}\n");
        TrainCommandTest.images(d.resolve("gen-loop/train"), 2, 1);
        Files.createSymbolicLink(d.resolve("gen-loop/train/diagonal/up"), Path.of(".."));
        Files.writeString(d.resolve("loop.conf"), img + "data: {train: gen-loop/train}\n");
        TrainCommandTest.images(d.resolve("gen-fifo-data/train"), 2, 1);
        Files.writeString(d.resolve("fifo.conf"), img + "data: {train: gen-fifo-data/train}\n");
        fifos = mkfifo(d.resolve("gen-fifo-data/train/horizontal/x.png")) && mkfifo(d.resolve("gen-fifo.conf"))
                && mkfifo(d.resolve("gen-fifo.json")) && mkfifo(d.resolve("gen-fifo.yaml")) && mkfifo(d.resolve("gen-fifo.png"));

        // CSV data sets: an unterminated quote, a short row.
        Files.createDirectories(d.resolve("gen-csv"));
        String row = "1" + ",0".repeat(64) + "\n";
        Files.writeString(d.resolve("gen-csv/quote.csv"), row + row + "2,\"0" + ",0".repeat(63) + "\n" + row);
        Files.writeString(d.resolve("gen-csv/short.csv"), row + "1,2,3\n");
        String flat = "input: [64]\nlayers:\n  - dense: {units: 3}\n  - softmax\nloss: cross_entropy\n";
        Files.writeString(d.resolve("csv-quote.conf"), flat + "data: {train: gen-csv/quote.csv}\n");
        Files.writeString(d.resolve("csv-short.conf"), flat + "data: {train: gen-csv/short.csv}\n");

        // A network whose activations for a batch of 4096 are far more than any test JVM's heap.
        Files.writeString(d.resolve("wide.conf"), img.replace("filters: 2, kernel: 3", "filters: 4096, kernel: 1")
                + "data: {train: data/train}\ntrain: {batch: 4096}\n");
        Files.writeString(d.resolve("nodata.conf"), img + "data: {train: no-data}\n");
    }

    private static void architecture(String name, Consumer<ObjectNode> edit) throws IOException {
        JsonNode root = JSON.readTree(d.resolve("ckpt-epochs.json").toFile());
        edit.accept((ObjectNode) root.get("architecture"));
        Files.writeString(d.resolve(name), JSON.writeValueAsString(root));
    }

    private static void checkpoint(String name, Consumer<ObjectNode> edit) throws IOException {
        JsonNode root = JSON.readTree(d.resolve("ckpt-epochs.json").toFile());
        edit.accept((ObjectNode) root.get("training"));
        Files.writeString(d.resolve(name), JSON.writeValueAsString(root));
    }

    /** An IDX header (magic, count, and rows and columns unless negative), then {@code body} zero bytes. */
    private static byte[] idx(int magic, int count, int rows, int cols, int body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        if (rows >= 0) {
            out.writeInt(rows);
            out.writeInt(cols);
        }
        out.write(new byte[body]);
        return bytes.toByteArray();
    }

    private static void idxFolder(String folder, String images, byte[] imageBytes, String labels, byte[] labelBytes)
            throws IOException {
        Files.createDirectories(d.resolve(folder));
        Files.write(d.resolve(folder).resolve(images), imageBytes);
        Files.write(d.resolve(folder).resolve(labels), labelBytes);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk declaring width x height 8-bit gray, then IEND: no pixel data. */
    static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(ihdr);
        h.writeBytes("IHDR");
        h.writeInt(width);
        h.writeInt(height);
        h.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, ihdr.toByteArray());
        chunk(out, "IEND".getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, byte[] typeAndData) throws IOException {
        out.writeInt(typeAndData.length - 4);
        out.write(typeAndData);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        out.writeInt((int) crc.getValue());
    }

    private static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).inheritIO().start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
