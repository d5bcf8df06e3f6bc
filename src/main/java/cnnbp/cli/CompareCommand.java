package cnnbp.cli;

import cnnbp.grade.Answers;
import cnnbp.grade.Answers.Answer;
import cnnbp.grade.Grader;
import cnnbp.grade.Grader.Grade;
import cnnbp.grade.Report;
import cnnbp.grade.Tolerance;
import cnnbp.trace.Blanks;
import cnnbp.trace.TraceJson;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        header = "Grades a student's hand-computed tensors against a reference.",
        description = {"Grades a student's answers (a YAML file of tensors: Z1, A1, dL/dW1, L, ...)",
                "against a reference trace (cnnbp trace --format json), element by element,",
                "with error carried forward. Every tensor the reference computes is one point (or those",
                "of --expect): one left out of the answers counts as not answered.",
                "Exit code 0: all correct; 1: something wrong or not answered; 2: bad input."})
final class CompareCommand implements Callable<Integer> {
    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOption plugins;

    @Parameters(index = "0", paramLabel = "REFERENCE.json", description = "The reference: cnnbp trace --format json.")
    Path reference;

    @Parameters(index = "1", paramLabel = "ANSWERS.yaml", description = "The answers (YAML or JSON).")
    Path answers;

    @Mixin
    GradingOptions grading;

    @Option(names = "--expect", paramLabel = "TEMPLATE",
            description = "The assignment: an answers template (cnnbp trace --answers-template --blank ...);"
                    + " its tensors are the points. Default: every tensor the reference computes.")
    Path expect;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (cnnbp-compare/1, for gradebook scripts).")
    Format format;

    @Override
    public Integer call() {
        Tolerance tolerance = grading.tolerance(spec);
        TraceJson.Replay ref = TraceJson.read(reference, plugins.kinds());
        Map<String, Answer> given = Answers.read(answers, ref.trace());
        Set<String> assignment = expect == null ? Blanks.all(ref.trace()) : Answers.assignment(expect, ref.trace());
        Grade grade = Grader.grade(ref.net(), ref.trace(), given, tolerance, grading.ecfCredit, assignment);
        spec.commandLine().getOut().print(format == Format.json ? Report.json(grade, reference.toString(), answers.toString())
                : Report.text(grade, ref.trace(), reference.toString(), answers.toString()));
        spec.commandLine().getOut().flush();
        return grade.allCorrect() ? Main.ExitCodes.OK : Main.ExitCodes.FAILED;
    }
}
