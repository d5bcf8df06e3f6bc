package cnnbp.trace;

import cnnbp.text.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The trace's formulas and headings, written for people in Unicode ("dL/dZ1 = dL/dA1 ⊙ (Z1 > 0)",
 * "route dL/dP1 to each window's max"), as LaTeX text: the formula parts in inline math
 * ("$\partial L/\partial Z_1 = \partial L/\partial A_1 \odot (Z_1 > 0)$"), the words as text.
 *
 * <p>The text is cut into tokens: tensor names (X, Y, L, F, Zk, Ak, Pk, Wk, bk with primes, and
 * dL/d + a name), functions applied to something (max(, log, tanh(, softmax(, mean(, e^), sizes
 * (2x2), operators and Greek letters, numbers, punctuation, and words. A run of tokens without a
 * word that holds a name, function, size or operator becomes one $...$; the rest is text. The output
 * is plain ASCII; a character with no LaTeX here is a bug, reported as such.
 */
final class Latex {
    private static final String BASE = "(?:[XYLM]|F\\d*|[ZAPWb]\\d+|(?:gamma|beta|mu|var|Xhat)\\d+)'*(?:\\[m])?";
    private static final Pattern TOKEN = Pattern.compile(
            "(?<name>(?<![A-Za-z0-9])(?:dL/d)?" + BASE + "(?![A-Za-z0-9]))"
            + "|(?<exp>\\^−?(?:dL/d)?" + BASE + ")"
            + "|(?<fn>(?<![A-Za-z])(?:(?:max|mean|softmax|tanh)(?=\\()|log(?=[ (])|e(?=\\^)|label\\[m]))"
            + "|(?<size>\\d+(?:x\\d+)+)"
            + "|(?<op>⋆full|Σ_m|[⋆·⊙ᵀ−²°Σσα√ε=+<>/^])"
            + "|(?<word>[A-Za-z_][A-Za-z_'-]*)"
            + "|(?<other>[-0-9.,:;()\\[\\] ])"
            + "|(?<bad>.)");
    private static final Map<String, String> MATH = Map.ofEntries(
            Map.entry("⋆full", "\\star_{\\mathrm{full}} "), Map.entry("⋆", "\\star "), Map.entry("·", "\\cdot "),
            Map.entry("⊙", "\\odot "), Map.entry("ᵀ", "^{\\top}"), Map.entry("−", "-"), Map.entry("²", "^2"),
            Map.entry("°", "^\\circ"), Map.entry("Σ", "\\sum "), Map.entry("Σ_m", "\\sum_m "),
            Map.entry("label[m]", "\\mathrm{label}[m]"), Map.entry("σ", "\\sigma "), Map.entry("α", "\\alpha "),
            Map.entry("√", "\\surd "), Map.entry("ε", "\\varepsilon "),
            Map.entry("max", "\\max"), Map.entry("log", "\\log"), Map.entry("tanh", "\\tanh"),
            Map.entry("mean", "\\operatorname{mean}"), Map.entry("softmax", "\\operatorname{softmax}"));

    /** Batchnorm's names in the lecture's symbols: gamma2 → γ_2, mu2 → μ_2, var2 → σ²_2, Xhat2 → X̂_2. */
    private static final Pattern SYMBOL = Pattern.compile("(gamma|beta|mu|var|Xhat)(\\d+)");
    private static final Map<String, String> SYMBOLS = Map.of("gamma", "\\gamma", "beta", "\\beta", "mu", "\\mu",
            "var", "\\sigma^2", "Xhat", "\\hat{X}");

    private Latex() {}

    /** A piece of the text: math, or a word (or a break) that ends a formula, or neither (digits, spaces, brackets). */
    private record Token(String text, boolean math, boolean word) {}

    /** Mixed words and formulas as LaTeX text with inline math. */
    static String text(String s) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            if (m.group("bad") != null) {
                throw new IllegalArgumentException("no LaTeX for '" + m.group() + "' in: " + s);
            }
            String t = m.group();
            if (m.group("name") != null) tokens.add(new Token(name(t), true, false));
            else if (m.group("exp") != null) tokens.add(new Token("^{" + (t.charAt(1) == '−' ? "-" + name(t.substring(2))
                    : name(t.substring(1))) + "}", true, false));
            else if (m.group("fn") != null || m.group("op") != null) tokens.add(new Token(MATH.getOrDefault(t, t), true, false));
            else if (m.group("size") != null) tokens.add(new Token(t.replace("x", "\\times "), true, false));
            else tokens.add(new Token(t, false, m.group("word") != null || breaksMath(t, s, m.start())));
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < tokens.size()) {
            if (tokens.get(i).word()) {
                out.append(escape(tokens.get(i++).text()));
                continue;
            }
            int end = i;
            boolean math = false;
            while (end < tokens.size() && !tokens.get(end).word()) math |= tokens.get(end++).math();
            StringBuilder run = new StringBuilder();
            for (int j = i; j < end; j++) run.append(tokens.get(j).text());
            out.append(math ? inline(run.toString()) : escape(run.toString()));
            i = end;
        }
        return out.toString();
    }

    /** A colon, a semicolon, or a comma outside parentheses ends a formula: "mask of P1: 1 where", "Z1 > 0, else". */
    private static boolean breaksMath(String t, String s, int at) {
        if (t.equals(":") || t.equals(";")) return true;
        if (!t.equals(",")) return false;
        int depth = 0;
        for (int i = 0; i < at; i++) depth += s.charAt(i) == '(' ? 1 : s.charAt(i) == ')' ? -1 : 0;
        return depth == 0;
    }

    /** A run with math in it: spaces and trailing punctuation outside the $...$. */
    private static String inline(String run) {
        int from = 0, to = run.length();
        while (from < to && run.charAt(from) == ' ') from++;
        while (to > from && " ,:;".indexOf(run.charAt(to - 1)) >= 0) to--;
        return run.substring(0, from) + "$" + run.substring(from, to).strip() + "$" + run.substring(to);
    }

    /**
     * Z1 → Z_{1}, dL/dA1' → \partial L/\partial {A_{1}'}: a primed name is grouped so a power can follow
     * it; a batch trace's Z1[m] → Z_{1}[m].
     */
    static String name(String n) {
        if (n.startsWith("dL/d")) return "\\partial L/\\partial " + name(n.substring(4));
        if (n.endsWith("[m]")) return name(n.substring(0, n.length() - 3)) + "[m]";
        int primes = n.length() - n.replaceAll("'+$", "").length();
        String core = n.substring(0, n.length() - primes);
        Matcher symbol = SYMBOL.matcher(core);
        String s = symbol.matches() ? SYMBOLS.get(symbol.group(1)) + "_{" + symbol.group(2) + "}"
                : core.length() == 1 ? core : core.charAt(0) + "_{" + core.substring(1) + "}";
        return primes == 0 ? s : "{" + s + "'".repeat(primes) + "}";
    }

    /**
     * A teacher's words (a title, instructions) as LaTeX text: the special characters escaped, letters
     * beyond ASCII (é, ü) left to pdflatex's UTF-8 input, a blank line still a new paragraph.
     */
    static String prose(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.replace("\r", "").toCharArray()) out.append(c > 126 ? String.valueOf(c) : escape(String.valueOf(c)));
        return out.toString();
    }

    /** Text with LaTeX's special characters escaped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\textbackslash{}");
                case '{', '}', '$', '&', '#', '%', '_' -> out.append('\\').append(c);
                case '^' -> out.append("\\^{}");
                case '~' -> out.append("\\~{}");
                default -> {
                    if (c > 126) throw new IllegalArgumentException("no LaTeX for '" + c + "' in: " + s);
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** A number as Numbers formats it, in math: 7.3e-12 as 7.3\times10^{-12}, nan, ±\infty. */
    static String number(double v, int digits) {
        String s = Numbers.format(v, digits);
        if (s.equals("nan")) return "\\mathrm{nan}";
        if (s.endsWith("inf")) return s.replace("inf", "\\infty");
        int e = s.indexOf('e');
        if (e < 0) return s;
        int exponent = Integer.parseInt(s.substring(e + 1));
        return s.substring(0, e) + "\\times10^{" + exponent + "}";
    }
}
