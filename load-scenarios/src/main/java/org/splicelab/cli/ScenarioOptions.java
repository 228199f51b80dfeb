package org.splicelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.splicelab.report.ReportWriter;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine.Option;

/** {@code --duration}, {@code --seed} and {@code --report}, shared by run and compare: a load run's overrides. */
final class ScenarioOptions {
    @Option(names = "--duration", paramLabel = "D", description = "run length, e.g. 10s, 2m (default: the scenario's)")
    private String duration;

    @Option(names = "--seed", paramLabel = "S", description = "seed (default: the scenario's)")
    private Long seed;

    @Option(names = "--report", paramLabel = "DIR", description = "write DIR/report.json and DIR/report.html")
    private Path report;

    /** The built-in or file {@code target} (the default scenario when null) with the overrides applied. */
    Scenario load(final String target) {
        return RunOptions.load(target, duration, seed);
    }

    /** Checks that {@code --report}, when given, names a directory that can be written. */
    void checkReport() {
        if (report != null) {
            OutputPaths.checkDirectory(report, "--report", "to write report.json and report.html in");
        }
    }

    /** A report writer: one run's report or a comparison's. */
    interface Writer {
        void write(Path dir) throws IOException;
    }

    /**
     * Writes the report when {@code --report} was given and says where; false (the error printed as
     * {@code splicelab COMMAND: ...}) when it could not be written.
     */
    boolean writeReport(final Writer writer, final String command, final PrintWriter out, final PrintWriter err) {
        if (report == null) {
            return true;
        }
        try {
            writer.write(report);
            out.println("Report: " + report.resolve(ReportWriter.JSON_FILE) + ", "
                + report.resolve(ReportWriter.HTML_FILE));
            return true;
        } catch (IOException e) {
            err.println("splicelab " + command + ": --report " + report + ": cannot write the report: "
                + OutputPaths.reason(e));
            return false;
        }
    }
}
