package cnnbp.trace;

import cnnbp.trace.Trace.Item;
import cnnbp.trace.Trace.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A trace as a standalone LaTeX document for pdflatex (article, amsmath, geometry, graphicx, all
 * in Debian's texlive-latex-base): each tensor under its formula in math notation and its shape,
 * matrix by matrix as a bmatrix, scaled down where it is wider than the page. A blank tensor keeps
 * its matrices with an empty box in every cell.
 */
public final class TraceLatex extends TraceDocument {
    /** An answer box's inside: room for a hand-written "-0.731059". */
    static final String BOX_WIDTH = "2.4cm", BOX_HEIGHT = "0.9cm";
    /**
     * The gap between the rows of a matrix of answer boxes: each box carries an invisible strut
     * half this gap taller and deeper than itself, so that boxes of neighbouring rows never touch
     * (an array's {@code \\[gap]} only deepens its strut, which a tall box already outgrows).
     */
    static final String ROW_GAP = "4mm";

    private TraceLatex(int digits, Set<String> blanks, boolean perExample, Handout handout) {
        super(digits, blanks, perExample, handout);
    }

    /** The trace with the values of the tensors named in {@code blanks} left as empty boxes. */
    public static String render(Trace t, int digits, Set<String> blanks) {
        return render(t, digits, blanks, false);
    }

    /** As {@link #render(Trace, int, Set)}; with {@code perExample}, a batch trace shows each example's contribution to dL/dW and dL/db. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample) {
        return render(t, digits, blanks, perExample, Handout.PLAIN);
    }

    /** As {@link #render(Trace, int, Set, boolean)}, dressed as {@code handout} says. */
    public static String render(Trace t, int digits, Set<String> blanks, boolean perExample, Handout handout) {
        return new TraceLatex(digits, blanks, perExample, handout).render(t);
    }

    @Override
    void begin(Trace t) {
        List<Item> all = new ArrayList<>(t.givenItems());
        all.addAll(t.forwardItems());
        all.addAll(t.backwardItems());
        all.add(t.lossesItem());
        int cols = all.stream().flatMap(it -> blocks(it).stream()).mapToInt(Block::cols).max().orElse(1);
        line("% cnnbp trace --format latex: compile with pdflatex");
        line("\\documentclass[11pt]{article}");
        line("\\usepackage[margin=2cm]{geometry}");
        line("\\usepackage{amsmath}");
        line("\\usepackage{graphicx}");
        line("\\setcounter{MaxMatrixCols}{" + Math.max(10, cols) + "}");
        line("\\setlength{\\parindent}{0pt}");
        line("\\setlength{\\parskip}{0.5ex}");
        line("% an answer box, its inside " + BOX_WIDTH + " by " + BOX_HEIGHT + ", " + ROW_GAP + " from the next row's;"
                + " a line for a formula to derive");
        line("\\newlength{\\blankwidth}\\setlength{\\blankwidth}{" + BOX_WIDTH + "}");
        line("\\newlength{\\blankheight}\\setlength{\\blankheight}{" + BOX_HEIGHT + "}");
        line("\\newlength{\\blankgap}\\setlength{\\blankgap}{" + ROW_GAP + "}");
        line("\\newcommand{\\blank}{\\rule[-\\dimexpr0.3\\blankheight+\\fboxsep+\\fboxrule+0.5\\blankgap\\relax]{0pt}"
                + "{\\dimexpr\\blankheight+2\\fboxsep+2\\fboxrule+\\blankgap\\relax}"
                + "\\fbox{\\rule[-0.3\\blankheight]{0pt}{\\blankheight}\\rule{\\blankwidth}{0pt}}}");
        line("\\newcommand{\\blankformula}{\\rule[-0.6ex]{7cm}{0.4pt}}");
        line("% a display scaled down to the width of the page, only when it is wider");
        line("\\newcommand{\\fit}[1]{\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{$\\displaystyle #1$}}");
        line("\\begin{document}");
        line("\\section*{" + (handout.title() != null ? Latex.prose(handout.title())
                : "cnnbp trace of \\texttt{" + Latex.escape(Handout.fileName(t.source())) + "}") + "}");
        if (handout.instructions() != null) {
            line(Latex.prose(handout.instructions().strip()));
            line("");
        }
        line(TraceDocument.examples(t) + ", loss \\texttt{" + Latex.escape(t.lossKind().key) + "}.");
        line("");
        line("Names: $X$ the input; the $k$-th conv or dense layer gives $Z_k$ from weights $W_k$ and bias $b_k$;"
                + " an activation after it gives $A_k$, a pool $P_k$, flatten $F$; $Y$ the target, $L$ the loss,"
                + " $\\partial L/\\partial T$ the derivative of $L$ by $T$. $\\star$ cross-correlation, $\\cdot$ matrix"
                + " product, ${}^{\\top}$ transpose, $\\odot$ element-wise product.");
        if (t.batch() > 1) line("");
        if (t.batch() > 1) line(Latex.text(BATCH_LEGEND.replace("\n", " ")));
    }

    @Override
    void section(String title) {
        line("");
        line("\\subsection*{" + title + "}");
    }

    @Override
    void layer(Step s) {
        line("");
        line("\\subsubsection*{Layer " + s.index() + ": " + Latex.text(s.description()) + "}");
    }

    @Override
    void lossSection() {
        line("");
        line("\\subsubsection*{Loss}");
    }

    @Override
    void item(Item it, String what, boolean blank) {
        line("");
        String shape = java.util.Arrays.stream(it.shape()).mapToObj(Integer::toString)
                .collect(Collectors.joining("\\times "));
        String head = head(it, what);
        line((head != null ? Latex.text(head) : "$" + Latex.name(it.name()) + " = {}$\\blankformula") + " \\hfill $" + shape + "$");
        for (Block b : blocks(it)) {
            String label = b.label() == null ? "" : "\\text{" + b.label() + ":}\\quad ";
            line("\\[ \\fit{" + label + matrix(it.data(), b, blank) + "} \\]");
        }
    }

    @Override
    void note(String text) {
        line("");
        line("\\emph{" + Latex.escape(text) + "}");
    }

    @Override
    void loss(String rule, double value, boolean blank) {
        line("");
        String formula = rule != null ? Latex.text(rule) : "$L = {}$\\blankformula";  // "$L = -\\log A_{2}[1]$": the value joins the formula
        String end = " = " + (blank ? "\\blank" : Latex.number(value, digits)) + "$";
        line(formula.endsWith("$") ? formula.substring(0, formula.length() - 1) + end : formula + " $" + end);
    }

    @Override
    void end() {
        line("");
        line("\\end{document}");
    }

    private String matrix(double[] data, Block b, boolean blank) {
        StringBuilder m = new StringBuilder("\\begin{bmatrix}");
        for (int r = 0; r < b.rows(); r++) {
            if (r > 0) m.append(" \\\\");
            for (int c = 0; c < b.cols(); c++) {
                m.append(c > 0 ? " & " : " ").append(blank ? "\\blank" : Latex.number(data[b.offset() + r * b.cols() + c], digits));
            }
        }
        return m.append(" \\end{bmatrix}").toString();
    }
}
