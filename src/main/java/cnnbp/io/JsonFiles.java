package cnnbp.io;

import cnnbp.BadInputException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the project's JSON files, with one-line messages that name the file (and line and column). */
public final class JsonFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonFiles() {}

    /** The parsed file; {@code what} names the kind of file in messages ("weights", "reference trace"). */
    public static JsonNode read(Path file, String what) {
        try {
            return JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such " + what + " file");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
    }
}
