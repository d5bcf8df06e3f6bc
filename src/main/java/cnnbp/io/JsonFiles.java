package cnnbp.io;

import cnnbp.BadInputException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading the project's JSON files, with one-line messages in cnnbp's words that name the file, line and
 * column. Nesting deeper than {@value #MAX_DEPTH} levels (cnnbp's files nest at most 6) and numbers longer
 * than {@value #MAX_NUMBER} characters are refused before they cost stack or time.
 */
public final class JsonFiles {
    static final int MAX_DEPTH = 64;
    static final int MAX_NUMBER = 400;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Jackson's location suffixes and hints, which name its internals: "(start marker at [Source: …])". */
    private static final Pattern START_MARKER =
            Pattern.compile("\\s*\\(start marker at \\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]\\)");
    private static final Pattern SOURCE = Pattern.compile("\\s*(at )?\\[Source: [^\\]]*\\]");
    private static final Pattern HINT = Pattern.compile(
            "(:|;)?\\s*(\\(?(Enable|enable) `?[A-Za-z]+(Feature|Constraints)[^)]*\\)?|\\(for input string[^)]*\\)|"
                    + "\\(?(check|use) `?[A-Za-z.]*(Feature|Constraints|Builder)[^)]*\\)?).*");

    private static final Pattern COMMENT = Pattern.compile("Unexpected character \\('/' \\(code 47\\)\\): maybe a \\(non-standard\\) comment\\?.*");

    private JsonFiles() {}

    /** The parsed file; {@code what} names the kind of file in messages ("weights", "reference trace"). */
    public static JsonNode read(Path file, String what) {
        RegularFiles.check(file, what + " file");
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such " + what + " file");
        } catch (AccessDeniedException e) {
            throw new BadInputException(file + ": cannot read the " + what + " file: permission denied");
        } catch (MalformedInputException e) {
            throw new BadInputException(file + ": cannot read the " + what + " file: not valid UTF-8 text");
        } catch (StreamConstraintsException e) {
            throw new BadInputException(at(file, e.getLocation()) + ": " + what + " file nested more than " + MAX_DEPTH
                    + " levels deep or with a number longer than " + MAX_NUMBER + " characters; expected a cnnbp "
                    + what + " file");
        } catch (JsonProcessingException e) {
            throw new BadInputException(at(file, e.getLocation()) + ": not valid JSON: " + message(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the " + what + " file: " + e.getMessage());
        }
    }

    private static String at(Path file, JsonLocation where) {
        return where == null || where.getLineNr() < 1 ? file.toString()
                : file + ":" + where.getLineNr() + ":" + where.getColumnNr();
    }

    /** Jackson's message without its internals: locations become "opened at line 3, column 5", hints go. */
    static String message(String original) {
        String text = String.valueOf(original);
        Matcher m = START_MARKER.matcher(text);
        text = m.replaceAll(r -> " (opened at line " + r.group(1) + ", column " + r.group(2) + ")");
        text = SOURCE.matcher(text).replaceAll("");
        text = HINT.matcher(text).replaceFirst("");
        text = COMMENT.matcher(text).replaceAll("a '/': JSON has no comments");
        text = text.replace("Unexpected end-of-input", "the file ends early")
                .replace("Non-standard token", "not a JSON number:")
                .replace("within/between Object entries", "inside an object")
                .replace("within/between Array entries", "inside a list")
                .replace("close marker for Object", "a closing }")
                .replace("close marker for Array", "a closing ]");
        return BadInputException.excerpt(text, 200);
    }
}
