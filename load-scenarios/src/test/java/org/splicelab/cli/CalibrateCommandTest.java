package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.report.KernelCost;
import org.splicelab.report.KernelProfile;
import picocli.CommandLine;

/**
 * {@code splicelab calibrate} on this host's kernel (the short form, {@code --quick}: a check, not a
 * calibration to keep), its profile read back, the estimate block of compare, and bad profiles.
 */
class CalibrateCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Timeout(120)
    void shouldCalibrateWriteAProfileThatReadsBackAndValidateAgainstTheKernel(@TempDir final Path dir)
        throws Exception {
        final Path profile = dir.resolve("conf/kernel-profile.conf");
        final Run r = run("calibrate", "--quick", "--validate", "--profile", profile.toString(), "--kernel-dir",
            System.getProperty("java.io.tmpdir"));
        assertTrue(r.exit() == 0 || r.exit() == 1, r.out() + r.err());
        final KernelProfile p = KernelProfile.read(profile);
        assertEquals(List.copyOf(KernelCost.EVENTS.keySet()), List.copyOf(p.unitsNs().keySet()));
        assertEquals(3, p.rounds());
        assertEquals(org.splicelab.kernel.Host.release(), p.kernel());
        p.unitsNs().forEach((k, v) -> assertTrue(v >= 0 && Double.isFinite(v), k + " = " + v));
        assertTrue(p.unitsNs().get("refill") > p.unitsNs().get("lookup"),
            "reading a page back from the disk costs more than finding it cached: " + p.unitsNs());
        for (final String event : KernelCost.EVENTS.keySet()) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(event + " ")), event + " in:\n" + r.out());
        }
        // the short check: each pipeline's median estimate / measured within a factor of two (the
        // acceptance band, [0.75, 1.33], is for the full calibration: docs/benchmarks.md)
        final String spread = "(?: \\([0-9,.]+-[0-9,.]+\\))?";
        final Matcher m = Pattern.compile("(?m)^  (splice|sendfile|read-write) \\((linux|copy)\\)\\s+[0-9,.]+" + spread
            + "\\s+[0-9,.]+" + spread + "\\s+([0-9.]+)" + spread + "\\s+(within|OUTSIDE)").matcher(r.out());
        int rows = 0;
        while (m.find()) {
            final double ratio = Double.parseDouble(m.group(3));
            assertTrue(ratio >= 0.5 && ratio <= 2.0, m.group() + "\n" + r.out());
            rows++;
        }
        assertEquals(3, rows, r.out());
    }

    @Test
    @Timeout(120)
    void shouldPrintTheEstimateBlockWithStealsAndRefillsInCompare(@TempDir final Path dir) throws IOException {
        final Path profile = dir.resolve("p.conf");
        Files.writeString(profile, sample(profile).render(java.util.Map.of()));
        final Path scenario = Files.writeString(dir.resolve("s.conf"), String.join("\n",
            "name = steal",
            "duration = 500ms",
            "files { f { size = 64KiB } }",
            "roles { w {",
            "  count = 1",
            "  pipes { p { size = 64KiB } }",
            "  loop = [ { op = splice, in = f, out = p.w, len = 16KiB, offset = random },"
                + " { op = read, fd = p.r, len = 16KiB } ]",
            "} }", ""));
        final Run r = run("compare", scenario.toString(), "--models", "linux,private-pages", "--warmup", "0s",
            "--profile", profile.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        final String block = r.out().substring(r.out().indexOf("Kernel cost ESTIMATE per GiB served"));
        assertTrue(block.contains(profile.toString()), block);
        assertTrue(block.lines().anyMatch(l -> l.trim().matches("kernel time per GiB served\\s+[0-9,.]+ ms\\s+[0-9,.]+ ms")),
            block);
        assertTrue(block.lines().anyMatch(l -> l.trim().startsWith("steal @ 1,000 ns")), block);
        assertTrue(block.lines().anyMatch(l -> l.trim().startsWith("refill @ 50.0 us")), block);
        assertTrue(block.contains("cheapest first: linux"), "refills make private-pages dearer:\n" + block);
    }

    /** A profile of round units (steal 1,000 ns, refill 50 us) at {@code at}. */
    private static KernelProfile sample(final Path at) {
        final java.util.Map<String, Double> u = new java.util.LinkedHashMap<>();
        final double[] ns = {100, 10, 20, 30, 40, 400, 500, 1000, 50_000, 2000, 3000, 5000, 60};
        int i = 0;
        for (final String event : KernelCost.EVENTS.keySet()) {
            u.put(event, ns[i++]);
        }
        final java.util.Map<String, double[]> spread = new java.util.LinkedHashMap<>();
        u.forEach((k, v) -> spread.put(k, new double[] {v, v}));
        return new KernelProfile(at.toString(), "6.18.0-test", "x86_64", "Test CPU", 2, "2026-12-02T06:00:00Z", 5,
            1 << 20, u, spread);
    }

    @Test
    void shouldRefuseABadProfileNamingItsFileAndLine(@TempDir final Path dir) throws IOException {
        final Path bad = Files.writeString(dir.resolve("bad.conf"), sample(dir.resolve("bad.conf")).render(
            java.util.Map.of()).replace("lookup = 20.0", "lookup = -20"));
        for (final String command : List.of("run", "compare")) {
            final Run r = command.equals("run") ? run("run", "webserver-sendfile", "--profile", bad.toString())
                : run("compare", "webserver-sendfile", "--models", "linux", "--profile", bad.toString());
            assertEquals(2, r.exit(), r.out() + r.err());
            assertEquals("splicelab " + command + ": --profile " + bad + ":14: units-ns.lookup: expected a number of "
                + "nanoseconds >= 0, found -20", r.err().lines().findFirst().orElse(""));
            assertTrue(!r.out().contains("Running"), "nothing ran:\n" + r.out());
        }
    }
}
