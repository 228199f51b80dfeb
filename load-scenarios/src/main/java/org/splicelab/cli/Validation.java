package org.splicelab.cli;

import java.io.PrintWriter;
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

    /** Each row's simulated pipeline run under its model ({@code steps} steps of 64 KiB), in {@link #ROWS}' order. */
    static List<RunReport> simulate(final long steps) {
        final Map<String, RunReport> runs = new java.util.LinkedHashMap<>();
        final List<RunReport> out = new ArrayList<>();
        for (final Row row : ROWS) {
            out.add(runs.computeIfAbsent(row.simulated() + "/" + row.model().id(), k -> ScenarioRunner.run(
                scenario(row.simulated(), steps), row.model(), java.time.Duration.ofSeconds(1), p -> { })));
        }
        return out;
    }

    /**
     * Prints the table: per row the estimate (the simulated counts x each round's units), the kernel's
     * time in the same rounds, and their ratio round by round, each as median (min-max); returns whether
     * every acceptance row's median ratio is within [{@link #LOW}, {@link #HIGH}].
     *
     * @param units    per measured round, the profile whose units that round measured (or the one profile)
     * @param measured per measured round, pipeline name → kernel nanoseconds per GiB
     */
    static boolean print(final List<RunReport> simulated, final List<KernelProfile> units,
                         final List<Map<String, Double>> measured, final long steps, final PrintWriter out) {
        out.printf("Validation: each pipeline simulated (%,d steps of 64 KiB; its counts x each round's units) and"
            + " measured on this kernel in the same %d rounds (one thread), estimate / measured round by round:%n",
            steps, measured.size());
        final List<String[]> table = new ArrayList<>();
        table.add(new String[] {"pipeline (model)", "estimate ms/GiB", "kernel ms/GiB", "estimate/measured", ""});
        boolean ok = true;
        for (int i = 0; i < ROWS.size(); i++) {
            final Row row = ROWS.get(i);
            final List<Double> est = new ArrayList<>();
            final List<Double> kernel = new ArrayList<>();
            final List<Double> ratio = new ArrayList<>();
            for (int r = 0; r < measured.size(); r++) {
                est.add(KernelCost.estimate(simulated.get(i), units.get(Math.min(r, units.size() - 1))).nsPerGiB());
                kernel.add(measured.get(r).get(row.measured()));
                ratio.add(est.get(r) / kernel.get(r));
            }
            final double med = Spread.median(ratio);
            final boolean within = med >= LOW && med <= HIGH;
            ok &= !row.acceptance() || within;
            table.add(new String[] {row.simulated() + " (" + row.model().id() + ")"
                + (row.measured().equals(row.simulated()) ? "" : " vs " + row.measured()),
                Spread.compact(est.stream().map(x -> x / 1e6).toList(), "%,.1f"),
                Spread.compact(kernel.stream().map(x -> x / 1e6).toList(), "%,.1f"),
                Spread.compact(ratio, "%.2f"),
                row.acceptance() ? (within ? "within" : "OUTSIDE") + " [" + LOW + ", " + HIGH + "]"
                    : "(for scale: " + row.note() + ")"});
        }
        final int[] w = new int[5];
        table.forEach(r -> {
            for (int c = 0; c < r.length; c++) {
                w[c] = Math.max(w[c], r[c].length());
            }
        });
        for (final String[] r : table) {
            out.printf("  %-" + w[0] + "s  %" + w[1] + "s  %" + w[2] + "s  %" + w[3] + "s  %s%n", r[0], r[1], r[2],
                r[3], r[4]);
        }
        Pipelines.NAMES.forEach((k, v) -> out.printf("  %s: %s%n", k, v));
        out.println(ok ? "Every median estimate / measured is within [" + LOW + ", " + HIGH + "]."
            : "A median estimate / measured is OUTSIDE [" + LOW + ", " + HIGH + "]: the units were not changed to fit"
                + " it (ADR 0019).");
        out.flush();
        return ok;
    }
}
