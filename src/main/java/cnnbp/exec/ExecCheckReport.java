package cnnbp.exec;

import cnnbp.check.ElementResult;
import cnnbp.check.Selector;
import cnnbp.check.TensorResult;
import cnnbp.tensor.Shapes;
import cnnbp.text.Numbers;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * check-layer's reports: text (a line per case, the failing elements under a failing case, a
 * summary line), JSON ({@code cnnbp-check-layer/1}) and JUnit XML (a testcase per case).
 */
public final class ExecCheckReport {
    public static final String FORMAT = "cnnbp-check-layer/1";

    private ExecCheckReport() {}

    public static String text(ExecCheck.Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "check-layer: %s as cnnbp's %s, %d cases (seed %d), rtol %s, atol %s;"
                        + " finite differences on up to %d elements per tensor, eps %s%n", r.command(), r.kind(),
                r.cases().size(), r.seed(), e3(r.tolerances().rtol()), e3(r.tolerances().atol()), r.fdElements(),
                e3(r.tolerances().eps())));
        for (ExecCheck.CaseResult c : r.cases()) {
            sb.append("case ").append(c.c().number()).append(" (").append(c.describe()).append("): ");
            if (c.problem() != null) {
                sb.append("FAIL: ").append(c.problem()).append('\n');
                continue;
            }
            sb.append(c.passed() ? "ok" : "FAIL").append(" (");
            sb.append(String.join(", ", c.compared().stream().map(t -> t.name() + " " + t.checked()).toList()));
            sb.append(" elements vs cnnbp; ").append(c.selfCheck().stream().mapToInt(TensorResult::checked).sum())
                    .append(" by finite differences)\n");
            for (ExecCheck.Compared t : c.compared()) {
                if (t.passed()) continue;
                sb.append(String.format(Locale.ROOT, "  %s %s: %d of %d elements differ from cnnbp's%n", t.name(),
                        Shapes.toList(t.shape()), t.failed(), t.checked()));
                for (ExecCheck.Mismatch m : t.first()) {
                    sb.append("    ").append(element(t.name(), m.index())).append(": program ")
                            .append(Numbers.format(m.program(), 10)).append(", cnnbp ").append(Numbers.format(m.cnnbp(), 10))
                            .append(", rel error ").append(e3(m.relError())).append('\n');
                }
                if (t.failed() > t.first().size()) sb.append("    ... and ").append(t.failed() - t.first().size()).append(" more\n");
            }
            for (TensorResult t : c.selfCheck()) {
                if (t.passed()) continue;
                sb.append(String.format(Locale.ROOT, "  %s: the program's backward disagrees with finite differences of"
                        + " its own forward at %d of %d elements%n", t.name(), t.failed(), t.checked()));
                for (ElementResult e : t.failures().subList(0, Math.min(ExecCheck.KEEP, t.failures().size()))) {
                    sb.append("    ").append(element(t.name(), e.index())).append(": backward ")
                            .append(Numbers.format(e.analytic(), 10)).append(", finite difference ")
                            .append(Numbers.format(e.numeric(), 10)).append(", rel error ").append(e3(e.relError())).append('\n');
                }
            }
        }
        sb.append(summary(r)).append('\n');
        return sb.toString();
    }

    /** The last line: the verdict, and the first wrong element with the case that exposed it. */
    public static String summary(ExecCheck.Result r) {
        List<ExecCheck.CaseResult> bad = r.cases().stream().filter(c -> !c.passed()).toList();
        String time = String.format(Locale.ROOT, " in %.2f s", r.seconds());
        if (bad.isEmpty()) {
            return "passed: " + r.cases().size() + " cases, y, dx and every gradient agree with cnnbp's " + r.kind()
                    + " and with finite differences," + time;
        }
        ExecCheck.CaseResult c = bad.get(0);
        return "FAILED: " + bad.size() + " of " + r.cases().size() + " cases; first: case " + c.c().number() + " ("
                + c.describe() + "): " + firstWrong(c) + ";" + time;
    }

    /** "dx[0, 1, 2, 3]: program 0.5, cnnbp 1" or the structural problem. */
    static String firstWrong(ExecCheck.CaseResult c) {
        if (c.problem() != null) return c.problem();
        for (ExecCheck.Compared t : c.compared()) {
            if (!t.passed()) {
                ExecCheck.Mismatch m = t.first().get(0);
                return element(t.name(), m.index()) + ": program " + Numbers.format(m.program(), 10) + ", cnnbp "
                        + Numbers.format(m.cnnbp(), 10) + " (" + t.failed() + " of " + t.checked() + " elements of "
                        + t.name() + " differ)";
            }
        }
        for (TensorResult t : c.selfCheck()) {
            if (!t.passed()) {
                ElementResult e = t.failures().get(0);
                return element(t.name(), e.index()) + ": backward " + Numbers.format(e.analytic(), 10)
                        + ", finite difference of its forward " + Numbers.format(e.numeric(), 10);
            }
        }
        return "";
    }

    public static String json(ExecCheck.Result r) {
        ObjectNode root = ExecProcess.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("passed", r.passed());
        root.put("command", r.command());
        root.put("as", r.kind());
        root.put("seed", r.seed());
        root.put("rtol", r.tolerances().rtol());
        root.put("atol", r.tolerances().atol());
        root.put("eps", r.tolerances().eps());
        root.put("fd_elements", r.fdElements());
        root.put("seconds", r.seconds());
        ArrayNode cases = root.putArray("cases");
        for (ExecCheck.CaseResult c : r.cases()) {
            ObjectNode j = cases.addObject();
            j.put("case", c.c().number());
            j.put("passed", c.passed());
            j.set("in_shape", ExecProcess.JSON.valueToTree(c.c().inShape()));
            j.put("batch", c.c().batch());
            j.set("options", ExecProcess.JSON.valueToTree(c.c().options()));
            if (c.problem() != null) j.put("problem", c.problem());
            ArrayNode compared = j.putArray("compared");
            for (ExecCheck.Compared t : c.compared()) {
                ObjectNode tj = compared.addObject();
                tj.put("name", t.name());
                tj.set("shape", ExecProcess.JSON.valueToTree(t.shape()));
                tj.put("checked", t.checked());
                tj.put("failed", t.failed());
                tj.put("floor", t.floor());
                ArrayNode ms = tj.putArray("first_mismatches");
                for (ExecCheck.Mismatch m : t.first()) {
                    ObjectNode mj = ms.addObject();
                    mj.set("index", ExecProcess.JSON.valueToTree(m.index()));
                    mj.put("program", m.program());
                    mj.put("cnnbp", m.cnnbp());
                    mj.put("rel_error", m.relError());
                }
            }
            ArrayNode self = j.putArray("finite_differences");
            for (TensorResult t : c.selfCheck()) {
                ObjectNode tj = self.addObject();
                tj.put("name", t.name());
                tj.put("checked", t.checked());
                tj.put("failed", t.failed());
                tj.put("kinks", t.kinks());
                tj.put("floor", t.floor());
                ArrayNode es = tj.putArray("elements");
                for (ElementResult e : t.elements()) {
                    ObjectNode ej = es.addObject();
                    ej.set("index", ExecProcess.JSON.valueToTree(e.index()));
                    ej.put("backward", e.analytic());
                    ej.put("finite_difference", e.numeric());
                    ej.put("rel_error", e.relError());
                    ej.put("status", e.status().key);
                }
            }
        }
        try {
            return ExecProcess.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String junit(ExecCheck.Result r) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suite = doc.createElement("testsuite");
            doc.appendChild(suite);
            long failed = r.cases().stream().filter(c -> !c.passed()).count();
            suite.setAttribute("name", "check-layer " + r.command() + " as " + r.kind());
            suite.setAttribute("tests", Integer.toString(r.cases().size()));
            suite.setAttribute("failures", Long.toString(failed));
            suite.setAttribute("errors", "0");
            suite.setAttribute("time", String.format(Locale.ROOT, "%.3f", r.seconds()));
            for (ExecCheck.CaseResult c : r.cases()) {
                Element t = doc.createElement("testcase");
                t.setAttribute("classname", "check-layer." + r.kind());
                t.setAttribute("name", "case " + c.c().number() + " (" + c.describe() + ")");
                if (!c.passed()) {
                    Element f = doc.createElement("failure");
                    f.setAttribute("type", "LayerMismatch");
                    f.setAttribute("message", firstWrong(c));
                    String all = text(new ExecCheck.Result(r.command(), r.kind(), r.seed(), r.tolerances(),
                            r.fdElements(), List.of(c), 0));
                    f.setTextContent(all);
                    t.appendChild(f);
                }
                suite.appendChild(t);
            }
            var tf = TransformerFactory.newInstance().newTransformer();
            tf.setOutputProperty(OutputKeys.INDENT, "yes");
            tf.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            tf.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            tf.transform(new DOMSource(doc), new StreamResult(out));
            return out + (out.toString().endsWith("\n") ? "" : "\n");
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e);
        }
    }

    /** "dx[0,1,2,3]", as gradcheck names elements. */
    static String element(String name, int[] index) {
        return Selector.element(name, index);
    }

    static String e3(double v) {
        return Double.isNaN(v) ? "nan" : v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }
}
