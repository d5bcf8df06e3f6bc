package cnnbp.homework;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Gradescope's autograder files, written into the homework folder so that a zip of the folder (with
 * cnnbp.jar added beside them) is the autograder to upload: {@code setup.sh} installs Java,
 * {@code run_autograder} finds the student's id in {@code /autograder/submission_metadata.json} (the
 * email when the roster's id column is an email, else the SID), grades their {@code answers.yaml}
 * against their reference, and copies the result to {@code /autograder/results/results.json}.
 */
final class Gradescope {
    private Gradescope() {}

    static void writeAutograder(Path dir, String idColumn) throws IOException {
        String field = Roster.normal(idColumn).contains("email") ? "email" : "sid";
        String run = """
                #!/usr/bin/env bash
                # Gradescope autograder, made by cnnbp homework make. Upload a zip of this folder with cnnbp.jar in it.
                set -euo pipefail
                src=/autograder/source
                id="$(python3 -c 'import json; print(json.load(open("/autograder/submission_metadata.json"))["users"][0]["FIELD"])')"
                work="$(mktemp -d)"
                mkdir -p "$work/submissions/$id" /autograder/results
                cp -r /autograder/submission "$work/submissions/$id/submission"
                java -jar "$src/cnnbp.jar" homework grade --out "$src" --submissions "$work/submissions" \\
                    --student "$id" --gradescope --grades "$work/grades" || true
                if [ -f "$work/grades/gradescope/$id/results.json" ]; then
                  cp "$work/grades/gradescope/$id/results.json" /autograder/results/results.json
                else
                  printf '{"score": 0, "output": "cnnbp could not grade this submission (student %s not on the roster?)"}\\n' "$id" \\
                    > /autograder/results/results.json
                fi
                """.replace("FIELD", field);
        String setup = """
                #!/usr/bin/env bash
                # Gradescope setup, made by cnnbp homework make: cnnbp needs Java 17.
                set -euo pipefail
                apt-get update
                apt-get install -y openjdk-17-jre-headless python3
                """;
        write(dir.resolve("run_autograder"), run);
        write(dir.resolve("setup.sh"), setup);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
