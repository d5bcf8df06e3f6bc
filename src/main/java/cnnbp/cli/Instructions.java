package cnnbp.cli;

import cnnbp.BadInputException;
import cnnbp.io.RegularFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The file of {@code trace --instructions}: UTF-8 text or Markdown, at most {@link #MAX_BYTES}. */
final class Instructions {
    /** A page or two of instructions is a few KB; more is not instructions. */
    static final int MAX_BYTES = 64 * 1024;

    private Instructions() {}

    static String read(Path file) {
        RegularFiles.check(file, "instructions file");
        if (!Files.exists(file)) throw new BadInputException(file + ": no such instructions file (--instructions)");
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new BadInputException(file + ": the instructions file is " + size + " bytes; expected at most "
                        + MAX_BYTES + " (a page or two of text)");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            if (text.startsWith("\uFEFF")) text = text.substring(1);
            if (text.isBlank()) throw new BadInputException(file + ": the instructions file is empty; expected the text to put under the title");
            return text;
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ": the instructions file is not UTF-8 text");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read the instructions file: " + e.getMessage());
        }
    }
}
