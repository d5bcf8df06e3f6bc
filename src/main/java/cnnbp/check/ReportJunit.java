package cnnbp.check;

import cnnbp.tensor.Shapes;
import cnnbp.text.Numbers;
import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * JUnit XML, as CI servers read it: a testsuite per network, a testcase per tensor. A tensor with a
 * mismatch is a {@code <failure>} listing its failing elements and the commands that reproduce them;
 * one whose every element is zero in both gradients is {@code <skipped>}: it tested nothing.
 */
public final class ReportJunit {
    private ReportJunit() {}

    public static String render(Report r) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element suites = doc.createElement("testsuites");
            doc.appendChild(suites);
            suites.setAttribute("name", "cnnbp gradcheck");
            suites.setAttribute("tests", Integer.toString(r.tensors() + (r.unjudged() > 0 ? 1 : 0)));
            suites.setAttribute("failures", Long.toString(r.networks().stream().flatMap(n -> n.tensors().stream())
                    .filter(x -> !x.passed()).count() + (r.tooLittleJudged() ? 1 : 0)));
            suites.setAttribute("time", seconds(r.seconds()));
            for (NetworkResult n : r.networks()) suites.appendChild(suite(doc, n));
            if (r.unjudged() > 0) suites.appendChild(coverage(doc, r));
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.INDENT, "yes");
            t.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out + (out.toString().endsWith("\n") ? "" : "\n");
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("the JDK's XML writer failed", e);
        }
    }

    /**
     * The elements left unjudged at kinks, as one more test case: it fails when more went unjudged
     * than the report allows, and is there (passing) whenever some did, so CI shows how many.
     */
    private static Element coverage(Document doc, Report r) {
        Element s = doc.createElement("testsuite");
        s.setAttribute("name", "gradcheck coverage");
        s.setAttribute("tests", "1");
        s.setAttribute("failures", r.tooLittleJudged() ? "1" : "0");
        s.setAttribute("errors", "0");
        s.setAttribute("skipped", "0");
        Element c = doc.createElement("testcase");
        c.setAttribute("classname", "gradcheck.coverage");
        c.setAttribute("name", "elements judged (" + r.unjudgedText() + ")");
        if (r.tooLittleJudged()) {
            Element f = doc.createElement("failure");
            f.setAttribute("type", "TooLittleJudged");
            f.setAttribute("message", ReportText.summary(r));
            c.appendChild(f);
        }
        s.appendChild(c);
        return s;
    }

    private static Element suite(Document doc, NetworkResult n) {
        Element s = doc.createElement("testsuite");
        s.setAttribute("name", "gradcheck " + n.name());
        s.setAttribute("tests", Integer.toString(n.tensors().size()));
        s.setAttribute("failures", Long.toString(n.tensors().stream().filter(t -> !t.passed()).count()));
        s.setAttribute("errors", "0");
        s.setAttribute("skipped", Long.toString(n.tensors().stream().filter(t -> t.passed() && t.allZero()).count()));
        s.setAttribute("time", seconds(n.seconds()));
        for (TensorResult t : n.tensors()) {
            Element c = doc.createElement("testcase");
            c.setAttribute("classname", "gradcheck." + n.name());
            c.setAttribute("name", String.format(Locale.ROOT, "%s (layer %d %s, %s, %d of %d elements)", t.name(), t.layer(),
                    t.type(), Shapes.toString(t.shape()), t.checked(), t.size()));
            c.setAttribute("time", seconds(t.seconds()));
            if (!t.passed()) {
                Element f = doc.createElement("failure");
                ElementResult w = t.worst();
                f.setAttribute("type", "GradientMismatch");
                f.setAttribute("message", String.format(Locale.ROOT, "%d of %d elements disagree; worst %s: analytic %s, numeric %s,"
                        + " rel error %s", t.failed(), t.checked(), Selector.element(t.name(), w.index()),
                        Numbers.format(w.analytic(), 10), Numbers.format(w.numeric(), 10), ReportText.e3(w.relError())));
                f.setTextContent(failures(n, t));
                c.appendChild(f);
            } else if (t.allZero()) {
                Element sk = doc.createElement("skipped");
                sk.setAttribute("message", "every checked element is zero in both gradients: nothing was tested");
                c.appendChild(sk);
            }
            s.appendChild(c);
        }
        return s;
    }

    private static String failures(NetworkResult n, TensorResult t) {
        StringBuilder sb = new StringBuilder();
        if (n.blame() != null) sb.append(n.blame()).append('\n');
        List<ElementResult> fails = t.failures();
        for (ElementResult e : fails.subList(0, Math.min(ReportText.LIST, fails.size()))) {
            sb.append(Selector.element(t.name(), e.index())).append(": analytic ").append(Numbers.format(e.analytic(), 10))
                    .append(", numeric ").append(Numbers.format(e.numeric(), 10)).append('\n')
                    .append("  reproduce: ").append(Report.reproduce(n, t.name(), e.index())).append('\n');
        }
        if (fails.size() > ReportText.LIST) sb.append("... and ").append(fails.size() - ReportText.LIST).append(" more\n");
        return sb.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
