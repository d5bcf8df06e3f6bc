package cnnbp.homework;

import cnnbp.BadInputException;
import cnnbp.homework.Roster.Student;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code DIR/manifest.json}, the {@code cnnbp-homework/1} format: {@code seed}, {@code config} and
 * {@code config_sha256}, {@code blank}, {@code digits}, {@code id_column}, {@code columns} (the
 * roster's header), {@code assignment} (the tensors asked for), and {@code students}: each with
 * {@code id}, {@code columns} (its roster row), {@code files} (paths relative to DIR) and {@code
 * reference_sha256}, which grading checks.
 */
public final class Manifest {
    static final String FILE = "manifest.json", FORMAT = "cnnbp-homework/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Manifest() {}

    /** One student as the manifest has it. */
    public record Entry(String id, Map<String, String> columns, Map<String, String> files, String referenceSha256) {}

    /** The parts of a manifest grading needs. */
    public record Read(Path dir, List<String> columns, Set<String> assignment, List<Entry> students) {}

    static ObjectNode start(long seed, Path config, byte[] configBytes, Roster roster, String blank, int digits) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("seed", seed);
        m.put("config", config.getFileName().toString());
        m.put("config_sha256", sha256(configBytes));
        m.put("blank", blank);
        m.put("digits", digits);
        m.put("id_column", roster.idColumn());
        ArrayNode columns = m.putArray("columns");
        roster.header().forEach(columns::add);
        return m;
    }

    static void student(ObjectNode o, Student s, String reference) {
        o.put("id", s.id());
        ObjectNode columns = o.putObject("columns");
        s.columns().forEach(columns::put);
        ObjectNode files = o.putObject("files");
        for (String f : List.of(HomeworkMaker.CONFIG, HomeworkMaker.HANDOUT_MD, HomeworkMaker.HANDOUT_TEX,
                HomeworkMaker.ANSWERS, HomeworkMaker.REFERENCE)) {
            files.put(f.replace('.', '_'), s.id() + "/" + f);
        }
        o.put("reference_sha256", sha256(reference.getBytes(StandardCharsets.UTF_8)));
    }

    static String render(ObjectNode m) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Read read(Path dir) {
        Path file = dir.resolve(FILE);
        JsonNode m;
        try {
            m = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file; expected a folder made by cnnbp homework make", e);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the manifest: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (m == null || !FORMAT.equals(m.path("format").asText())) {
            throw new BadInputException(file + ": not a " + FORMAT + " manifest");
        }
        List<String> columns = new ArrayList<>();
        m.path("columns").forEach(c -> columns.add(c.asText()));
        Set<String> assignment = new LinkedHashSet<>();
        m.path("assignment").forEach(a -> assignment.add(a.asText()));
        List<Entry> students = new ArrayList<>();
        for (JsonNode s : m.path("students")) {
            Map<String, String> cols = new LinkedHashMap<>(), files = new LinkedHashMap<>();
            s.path("columns").fields().forEachRemaining(e -> cols.put(e.getKey(), e.getValue().asText()));
            s.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
            students.add(new Entry(s.path("id").asText(), cols, files, s.path("reference_sha256").asText()));
        }
        if (students.isEmpty() || assignment.isEmpty()) throw new BadInputException(file + ": the manifest lists no students or no assignment");
        return new Read(dir, columns, assignment, students);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
