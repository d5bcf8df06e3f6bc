package cnnbp.exec;

import cnnbp.BadInputException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

/**
 * One running program that speaks {@code cnnbp-layer/1} (docs/layer-protocol.md): one JSON object
 * per line on its stdin, one answer per line on its stdout. The program is started once, through
 * {@code /bin/sh -c command} in a given folder, and serves any number of requests in any order.
 *
 * <p>Every way the program can fail us is a {@link BadInputException} of one line that starts with
 * the layer's label and names the command and the request: it exits or closes its stdout, answers
 * something that is not one JSON object, answers {@code {"error": ...}}, or stays silent beyond the
 * timeout. Before such an exception is thrown the program is ended; {@link #close} ends it too, and
 * a shutdown hook ends whatever is still running when the JVM exits. Its stderr is read all the
 * time (so that it cannot block on a full pipe) and its last lines go into the crash message.
 */
public final class ExecProcess implements AutoCloseable {
    /** The wire's name and version, sent in {@code init}. */
    public static final String PROTOCOL = "cnnbp-layer/1";
    /** Seconds to wait for an answer unless the config says otherwise. */
    public static final double DEFAULT_TIMEOUT = 30;

    /** Reads and writes the wire: NaN and Infinity as the bare tokens Python's json module uses. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final int STDERR_LINES = 3, STDERR_CHARS = 300;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ExecProcess::kill), "cnnbp-exec-reaper"));
    }

    private final String label;
    private final String command;
    private final double timeout;
    private final Process process;
    private final Writer stdin;
    private final SynchronousQueue<Object> answers = new SynchronousQueue<>();  // a line, or an IOException at the end
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stdoutReader, stderrReader;
    private volatile long maxChars = 1L << 26;
    private boolean closed;

    /**
     * Starts {@code command} with {@code /bin/sh -c} in {@code folder}. {@code label} starts every
     * error message ("net.conf:7:5: layer 2 exec"); {@code timeout} is in seconds.
     */
    public ExecProcess(String label, String command, Path folder, double timeout) {
        this.label = label;
        this.command = command;
        this.timeout = timeout;
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).directory(folder.toFile());
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BadInputException(label + " (" + command + "): cannot start /bin/sh in " + folder + ": "
                    + e.getMessage(), e);
        }
        RUNNING.add(process);
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        stdoutReader = daemon("stdout", () -> readAnswers(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
        stderrReader = daemon("stderr", this::drainStderr);
    }

    /** The command as the config gives it. */
    public String command() {
        return command;
    }

    /** The child's process, for tests that check it has ended. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Sends one request (its {@code op} field names it in messages) and returns the answer, a JSON
     * object without an {@code error} field. {@code expectedValues} bounds the answer's length
     * (about 40 characters per number), so a runaway program cannot fill the memory.
     */
    public synchronized ObjectNode request(ObjectNode req, long expectedValues) {
        String op = req.path("op").asText();
        if (closed) throw fail(op, "the program was already ended", false);
        maxChars = Math.max(1L << 20, 40 * expectedValues + 4096);
        try {
            stdin.write(JSON.writeValueAsString(req));
            stdin.write('\n');
            stdin.flush();
        } catch (IOException e) {
            throw fail(op, "cannot write to the program (" + e.getMessage() + ")" + exitText(), true);
        }
        Object got;
        try {
            got = answers.poll((long) (timeout * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail(op, "interrupted while waiting for the answer", false);
        }
        if (got == null) throw fail(op, "no answer within " + seconds(timeout) + " s (the timeout option)", false);
        if (got instanceof IOException e) throw fail(op, e.getMessage() + exitText(), true);
        String line = (String) got;
        JsonNode answer = null;
        try (JsonParser p = JSON.createParser(line)) {
            answer = JSON.readTree(p);
            if (p.nextToken() != null) answer = null;  // more than one value on the line
        } catch (IOException e) {
            answer = null;
        }
        if (!(answer instanceof ObjectNode obj)) {
            throw fail(op, "answered a line that is not one JSON object: " + clip(line, 80), true);
        }
        if (obj.has("error")) {
            JsonNode e = obj.get("error");
            throw fail(op, "the program answered error: " + clip(e.isTextual() ? e.asText() : e.toString(), 300), false);
        }
        return obj;
    }

    /**
     * A mistake in an answer the caller found (a wrong shape, a missing field): the one-line
     * message, after the program is ended.
     */
    public BadInputException wrongAnswer(String op, String what) {
        return fail(op, what, false);
    }

    private BadInputException fail(String op, String what, boolean withStderr) {
        end();
        String tail = withStderr ? stderrText() : "";
        return new BadInputException(label + " (" + command + "): " + op + ": " + what + tail);
    }

    /** Closes the program's stdin (the protocol's end of input), waits a moment for it to exit, then ends it. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        // taken now: once the program exits, what it left running is no longer its descendant
        List<ProcessHandle> started = process.descendants().toList();
        try {
            stdin.close();
            process.waitFor(1, TimeUnit.SECONDS);
        } catch (IOException e) {
            // it has gone already: nothing to close
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        end();
        started.forEach(ProcessHandle::destroyForcibly);
    }

    private void end() {
        closed = true;
        kill(process);
        RUNNING.remove(process);
        stdoutReader.interrupt();
    }

    /** Ends the process and everything it started: destroy, then destroyForcibly what is left. */
    private static void kill(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(500, TimeUnit.MILLISECONDS)) p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Hands each stdout line to the waiting request; at the end, an IOException saying why. */
    private void readAnswers(Reader r) {
        StringBuilder line = new StringBuilder();
        try (Reader in = new BufferedReader(r, 1 << 16)) {
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n') {
                    answers.put(line.toString());
                    line.setLength(0);
                } else if (line.length() >= maxChars) {
                    answers.put(new IOException("answered a line longer than " + maxChars + " characters"));
                    return;
                } else {
                    line.append((char) c);
                }
            }
            answers.put(new IOException(line.isEmpty() ? "the program closed its output"
                    : "the program closed its output in the middle of a line: " + clip(line.toString(), 80)));
        } catch (IOException e) {
            answers.offer(new IOException("cannot read the program's output (" + e.getMessage() + ")"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void drainStderr() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isBlank()) continue;
                synchronized (stderrTail) {
                    stderrTail.addLast(clip(line.strip(), STDERR_CHARS));
                    if (stderrTail.size() > STDERR_LINES) stderrTail.removeFirst();
                }
            }
        } catch (IOException e) {
            // the process has ended: what it wrote is in the tail
        }
    }

    /** "; its stderr ends: a | b | c", after giving the reader a moment to catch up. */
    private String stderrText() {
        try {
            stderrReader.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            return stderrTail.isEmpty() ? "" : "; its stderr ends: " + String.join(" | ", stderrTail);
        }
    }

    private String exitText() {
        try {
            if (process.waitFor(1, TimeUnit.SECONDS)) return " (exit code " + process.exitValue() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "";
    }

    private Thread daemon(String what, Runnable r) {
        Thread t = new Thread(r, "cnnbp-exec-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** The first {@code max} characters of one line of text, with an ellipsis when cut. */
    static String clip(String s, int max) {
        String one = s.replaceAll("[\\r\\n\\t]+", " ");
        return one.length() <= max ? one : one.substring(0, max) + "…";
    }

    static String seconds(double s) {
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}
