package cnnbp.homework;

import cnnbp.BadInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A class list: a CSV with a header row, as a course site exports it. The student id column is found
 * by name ({@link #ID_COLUMNS}, compared without case, spaces or punctuation: "SIS User ID" is
 * sis_user_id) or given; every column is kept for the gradebook. Rows that are not students in a
 * Canvas gradebook export ("Points Possible", "Muted") are skipped.
 *
 * @param header   the columns, as written
 * @param idColumn the header of the id column
 */
public record Roster(Path file, List<String> header, String idColumn, List<Student> students) {
    /** The id column names tried in order when none is given. */
    public static final List<String> ID_COLUMNS = List.of("id", "student_id", "sis_id", "sis_user_id", "id_number",
            "email", "email_address");
    /** An id becomes a folder name: letters, digits and . _ @ + - only, not starting with a dot. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_@+\\-][A-Za-z0-9._@+\\-]{0,99}");
    private static final int MAX_STUDENTS = 100_000;

    /** One student: the id, the 1-based line of the row, and every column of it by header. */
    public record Student(String id, long line, Map<String, String> columns) {}

    /** Reads the roster; {@code idColumn} null finds the column by name. */
    public static Roster read(Path file, String idColumn) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                     .setIgnoreEmptyLines(true).build().parse(in)) {
            List<String> header = new ArrayList<>();
            for (String h : csv.getHeaderNames()) header.add(h.startsWith("\uFEFF") ? h.substring(1) : h);
            if (header.isEmpty()) throw new BadInputException(file + ":1: the roster has no header row; expected column names such as id,name");
            int col = idIndex(file, header, idColumn);
            List<Student> students = new ArrayList<>();
            Map<String, Long> seen = new HashMap<>();
            for (CSVRecord r : csv) {
                long line = csv.getCurrentLineNumber();
                String first = r.size() > 0 ? r.get(0).strip() : "";
                String id = col < r.size() ? r.get(col).strip() : "";
                if (id.isEmpty() && (first.equals("Points Possible") || first.equals("Muted"))) continue;
                if (r.size() != header.size()) {
                    throw new BadInputException(file + ":" + line + ": row has " + r.size() + " columns, expected "
                            + header.size() + " as the header");
                }
                if (id.isEmpty()) {
                    throw new BadInputException(file + ":" + line + ": empty " + header.get(col)
                            + "; every student needs an id (or choose another column with --id-column)");
                }
                if (!SAFE_ID.matcher(id).matches()) {
                    throw new BadInputException(file + ":" + line + ": id '" + id + "' cannot name a folder; expected"
                            + " letters, digits and . _ @ + - (or choose another column with --id-column)");
                }
                Long before = seen.put(id.toLowerCase(Locale.ROOT), line);
                if (before != null) {
                    throw new BadInputException(file + ":" + line + ": id '" + id + "' is already on line " + before);
                }
                if (students.size() == MAX_STUDENTS) {
                    throw new BadInputException(file + ": more than " + MAX_STUDENTS + " students");
                }
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) columns.put(header.get(i), r.get(i));
                students.add(new Student(id, line, columns));
            }
            if (students.isEmpty()) throw new BadInputException(file + ": the roster has no students, only its header");
            return new Roster(file, List.copyOf(header), header.get(col), List.copyOf(students));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": cannot read roster: no such file", e);
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": cannot read roster: not valid UTF-8 text", e);
        } catch (IOException | UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new BadInputException(file + ": cannot read roster: " + oneLine(e.getMessage()), e);
        }
    }

    private static int idIndex(Path file, List<String> header, String idColumn) {
        if (idColumn != null) {
            int i = header.indexOf(idColumn);
            if (i < 0) {
                for (int j = 0; j < header.size(); j++) if (normal(header.get(j)).equals(normal(idColumn))) i = j;
            }
            if (i < 0) throw new BadInputException(file + ":1: no column '" + idColumn + "'; the columns are " + String.join(", ", header));
            return i;
        }
        for (String name : ID_COLUMNS) {
            for (int i = 0; i < header.size(); i++) if (normal(header.get(i)).equals(name)) return i;
        }
        throw new BadInputException(file + ":1: no student id column; expected one named " + String.join(", ", ID_COLUMNS)
                + ", or give --id-column (the columns are " + String.join(", ", header) + ")");
    }

    /** "SIS User ID" → sis_user_id. */
    static String normal(String header) {
        return header.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
