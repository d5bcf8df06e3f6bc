package cnnbp.grade;

import cnnbp.grade.Answers.Answer;
import cnnbp.grade.Steps.Node;
import cnnbp.model.Network;
import cnnbp.trace.Trace;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Grades a student's answers against a reference trace, element by element, with error carried
 * forward. In the order the passes compute them, each tensor in the answers is
 * <ul>
 *   <li><b>correct</b> when every element is within the tolerance of the reference;
 *   <li>else <b>correct given</b> the student's own earlier answers, when it is what the step that
 *       makes it gives from the tensors it reads (see {@link Steps}) as the student has them: their
 *       answer where they gave one, wrong or right; what follows from their answers where they left
 *       a tensor out (A1 not written down, so relu of their Z1); the reference for X, W, b;
 *   <li>else <b>wrong</b>; and <b>not answered</b> when it is null in the file.
 * </ul>
 * "Correct given" names the tensors it was computed from that were not correct — the nearest ones
 * the student wrote, through those they left out — or, when all of them were correct and only their
 * rounding carried, the ones the student wrote. So a chain reads: A1 correct given your Z1; P1
 * correct given your A1. A tensor with a value left null among others is wrong, and is not used as
 * anyone's input. X, W, b and Y are given: a miscopied one is wrong (and what follows is graded
 * given it), but they earn no points.
 *
 * <p>Score: each tensor in the answers other than X, W, b, Y is one point: correct 1, correct given
 * {@code ecfCredit} (1 by default: an error is paid for once, where it was made), wrong and not
 * answered 0. Given an assignment (the tensors a handout leaves blank), the points are the
 * assignment's instead, the same for every student: a tensor of it left out of the answers is not
 * answered, and one answered outside it is graded but not scored.
 */
public final class Grader {
    private final List<Node> nodes;
    private final Map<String, Node> byName = new HashMap<>();
    private final Map<String, Answer> answers;
    private final Tolerance tolerance;
    /** The tensors that are scored, or null for every computed tensor the answers contain. */
    private final Set<String> assignment;
    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();
    /** Each tensor as the student has it: their answer, or what follows from their answers, or the given value. */
    private final Map<String, double[]> theirs = new HashMap<>();

    private Grader(List<Node> nodes, Map<String, Answer> answers, Tolerance tolerance, Set<String> assignment) {
        this.nodes = nodes;
        this.answers = answers;
        this.tolerance = tolerance;
        this.assignment = assignment;
        for (Node n : nodes) byName.put(n.name(), n);
    }

    public enum Kind { CORRECT, CORRECT_GIVEN, WRONG, NOT_ANSWERED }

    /** An element that is not right: its index in the tensor's shape, the reference's value, the student's (null if left out). */
    public record Wrong(int[] index, double expected, Double got) {}

    /**
     * The grade of one tensor. {@code given} names, for CORRECT_GIVEN, the answers it was correct
     * given; for WRONG, the wrong answers it was checked against too and was not right from either.
     */
    public record Verdict(String name, int[] shape, Kind kind, boolean scored, double points, List<String> given,
                          List<Wrong> wrong, int empty) {}

    /** Every verdict in the order the passes compute the tensors, and the score. */
    public record Grade(List<Verdict> verdicts, double score, int max, Tolerance tolerance, double ecfCredit) {
        /** Nothing wrong and nothing left out. */
        public boolean allCorrect() {
            return verdicts.stream().allMatch(v -> v.kind() == Kind.CORRECT || v.kind() == Kind.CORRECT_GIVEN);
        }

        public long count(Kind kind) {
            return verdicts.stream().filter(v -> v.scored() && v.kind() == kind).count();
        }
    }

    public static Grade grade(Network net, Trace reference, Map<String, Answer> answers, Tolerance tolerance,
                              double ecfCredit) {
        return new Grader(Steps.of(net, reference), answers, tolerance, null).grade(ecfCredit);
    }

    /**
     * Grades against an assignment: the computed tensors {@code assignment} names are each one point,
     * whether the answers contain them or not; others the answers contain are graded, not scored.
     */
    public static Grade grade(Network net, Trace reference, Map<String, Answer> answers, Tolerance tolerance,
                              double ecfCredit, Set<String> assignment) {
        return new Grader(Steps.of(net, reference), answers, tolerance, Set.copyOf(assignment)).grade(ecfCredit);
    }

    private Grade grade(double ecfCredit) {
        double score = 0;
        int max = 0;
        for (Node n : nodes) {
            Answer a = answers.get(n.name());
            theirs.put(n.name(), a != null && a.complete() ? a.data() : n.given() ? n.expected().data() : n.compute().apply(theirs));
            if (a == null && assignment != null && assignment.contains(n.name()) && !n.given()) {
                a = new Answer(n.name(), null, null, null);  // left out of the answers: not answered
            }
            if (a == null) continue;
            Verdict v = verdict(n, a, ecfCredit);
            verdicts.put(n.name(), v);
            if (v.scored()) {
                max++;
                score += v.points();
            }
        }
        return new Grade(List.copyOf(verdicts.values()), score, max, tolerance, ecfCredit);
    }

    private Verdict verdict(Node n, Answer a, double ecfCredit) {
        boolean scored = !n.given() && (assignment == null || assignment.contains(n.name()));
        int[] shape = n.expected().shape();
        if (!a.answered()) return new Verdict(n.name(), shape, Kind.NOT_ANSWERED, scored, 0, List.of(), List.of(), 0);
        List<Wrong> wrong = wrong(a, n.expected().data(), shape);
        int empty = 0;
        for (boolean m : a.missing()) if (m) empty++;
        if (wrong.isEmpty()) return new Verdict(n.name(), shape, Kind.CORRECT, scored, scored ? 1 : 0, List.of(), wrong, 0);
        if (n.given() || empty > 0) return new Verdict(n.name(), shape, Kind.WRONG, scored, 0, List.of(), wrong, empty);
        List<String> wrongInputs = new ArrayList<>(), written = new ArrayList<>();
        sources(n, new HashSet<>(), wrongInputs, written);
        List<String> given = wrongInputs.isEmpty() ? written : wrongInputs;
        if (!given.isEmpty() && wrong(a, n.compute().apply(theirs), shape).isEmpty()) {
            return new Verdict(n.name(), shape, Kind.CORRECT_GIVEN, scored, scored ? ecfCredit : 0, given, List.of(), 0);
        }
        return new Verdict(n.name(), shape, Kind.WRONG, scored, 0, wrongInputs, wrong, 0);
    }

    /**
     * The nearest tensors n is computed from that the student wrote in full ({@code written}), through
     * those they left out, and which of them were not correct ({@code wrongInputs}).
     */
    private void sources(Node n, Set<String> seen, List<String> wrongInputs, List<String> written) {
        for (String input : n.inputs()) {
            if (!seen.add(input)) continue;
            Answer a = answers.get(input);
            if (a != null && a.complete()) {
                written.add(input);
                if (verdicts.get(input).kind() != Kind.CORRECT) wrongInputs.add(input);
            } else if (!byName.get(input).given()) {
                sources(byName.get(input), seen, wrongInputs, written);
            }
        }
    }

    /** The elements of the answer that are not within the tolerance of {@code expected}. */
    private List<Wrong> wrong(Answer a, double[] expected, int[] shape) {
        List<Wrong> wrong = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (a.missing()[i]) wrong.add(new Wrong(index(i, shape), expected[i], null));
            else if (!tolerance.close(a.data()[i], expected[i])) wrong.add(new Wrong(index(i, shape), expected[i], a.data()[i]));
        }
        return wrong;
    }

    /** The flat row-major index as one index per dimension. */
    private static int[] index(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
