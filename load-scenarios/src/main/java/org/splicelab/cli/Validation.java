package org.splicelab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.splicelab.kernel.Pipelines;
import org.splicelab.protocols.KernelModel;
import org.splicelab.report.KernelCost;
import org.splicelab.report.KernelProfile;
import org.splicelab.report.RunReport;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioParser;
import org.splicelab.scenario.ScenarioRunner;

/**
 * {@code splicelab calibrate --validate}: each whole pipeline of {@link Pipelines} simulated under its
 * model (its event counts × the profile's units: the estimate) and measured on this host's kernel in
 * the same command, side by side as estimate / measured. The units were calibrated on primitives
 * only; nothing here feeds back into them.
 */
final class Validation {
    /** The bounds the issue accepts (issue 14). */
    static final double LOW = 0.75;
    static final double HIGH = 1.33;

    /** One row: a pipeline simulated under a model against a measured pipeline. */
    record Row(String simulated, KernelModel model, String measured, boolean acceptance, String note) {
    }

    static final List<Row> ROWS = List.of(
        new Row("splice", KernelModel.LINUX, "splice", true, ""),
        new Row("sendfile", KernelModel.LINUX, "sendfile", true, ""),
        new Row("read-write", KernelModel.COPY, "read-write", true, ""),
        new Row("splice", KernelModel.COPY, "read-write", false,
            "the copy model's splice copies once; read + write copy twice and make one more call"));

    private Validation() {
    }

    /** The scenario of a simulated pipeline: one process, 64 KiB a step over a 16 MiB file, {@code n} steps. */
    static Scenario scenario(final String pipeline, final long n) {
        final String loop = switch (pipeline) {
            case "splice" -> "{ op = splice, in = data, out = p.w, len = 64KiB, offset = random }, "
                + "{ op = splice, in = p.r, out = devnull, len = 64KiB }";
            case "sendfile" -> "{ op = sendfile, in = data, out = conn.0, len = 64KiB, offset = random }, "
                + "{ op = read, fd = conn.1, len = 256KiB }";
            case "read-write" -> "{ op = pread, fd = data, len = 64KiB, offset = random }, "
                + "{ op = write, fd = p.w, len = 64KiB, fill = \"x\" }, "
                + "{ op = splice, in = p.r, out = devnull, len = 64KiB }";
            default -> throw new IllegalArgumentException(pipeline);
        };
        return ScenarioParser.parse("validate-" + pipeline, String.join("\n",
            "name = validate-" + pipeline,
            "description = \"" + Pipelines.NAMES.get(pipeline).replace("\"", "") + "\"",
            "seed = 1",
            "iterations = " + n,
            "files { data { size = 16MiB } }",
            "roles { w {",
            "  count = 1",
            "  pipes { p { size = 64KiB } }",
            "  sockets { conn { kind = tcp } }",
            "  loop = [ " + loop + " ]",
            "} }", ""));
    }

    /**
     * Runs every row and prints the table; returns whether every acceptance row was within
     * [{@link #LOW}, {@link #HIGH}].
     */
    static boolean run(final KernelProfile profile, final Path dir, final int rounds, final long budgetNanos,
                       final long iterations, final PrintWriter out, final PrintWriter err) {
        out.printf("Validation: each pipeline simulated (%,d steps of 64 KiB, its counts x the profile's units) and"
            + " measured on this kernel (one thread, %d rounds of %s after a warm-up round):%n", iterations, rounds,
            org.splicelab.scenario.Durations.format(java.time.Duration.ofNanos(budgetNanos)));
        out.flush();
        final Map<String, List<Double>> measured = Pipelines.measure(dir, rounds, budgetNanos);
        final List<String[]> table = new ArrayList<>();
        table.add(new String[] {"pipeline (model)", "estimate ms/GiB", "kernel ms/GiB", "estimate/measured", ""});
        boolean ok = true;
        for (final Row row : ROWS) {
            final RunReport r = ScenarioRunner.run(scenario(row.simulated(), iterations), row.model(),
                java.time.Duration.ofSeconds(1), p -> { });
            final double est = KernelCost.estimate(r, profile).nsPerGiB();
            final List<Double> m = measured.get(row.measured());
            final double med = Spread.median(m);
            final double ratio = est / med;
            final boolean within = ratio >= LOW && ratio <= HIGH;
            ok &= !row.acceptance() || within;
            table.add(new String[] {row.simulated() + " (" + row.model().id() + ")"
                + (row.measured().equals(row.simulated()) ? "" : " vs " + row.measured()),
                String.format("%,.1f", est / 1e6),
                Spread.compact(m.stream().map(x -> x / 1e6).toList(), "%,.1f"),
                String.format("%.2f", ratio),
                row.acceptance() ? (within ? "within" : "OUTSIDE") + " [" + LOW + ", " + HIGH + "]"
                    : "(for scale: " + row.note() + ")"});
        }
        final int[] w = new int[5];
        table.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        });
        for (final String[] r : table) {
            out.printf("  %-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %s%n", r[0], r[1], r[2],
                r[3], r[4]);
        }
        Pipelines.NAMES.forEach((k, v) -> out.printf("  %s: %s%n", k, v));
        out.println(ok ? "Every estimate is within [" + LOW + ", " + HIGH + "] of the kernel's time."
            : "An estimate is OUTSIDE [" + LOW + ", " + HIGH + "]: the units were not changed to fit it (ADR 0019).");
        out.flush();
        return ok;
    }
}
