package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SIGTERM and Ctrl-C during {@code run}, {@code compare} and {@code hunt}: the command ends what it runs as
 * if its time were up and prints the summary of what ran (and writes the report); the real signal, sent
 * to a splicelab process, ends it with status 143 after that summary.
 */
class InterruptTest {
    private static final String LONG_RUN = String.join("\n",
        "name = long",
        "duration = 60s",
        "files { f { size = 64KiB } }",
        "roles { w {",
        "  count = 2",
        "  pipes { p { size = 64KiB } }",
        "  loop = [ { op = splice, in = f, out = p.w, len = 4KiB, offset = random }, "
            + "{ op = read, fd = p.r, len = 4KiB } ]",
        "} }",
        "");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    private record Run(int exit, String out, String err) {
    }

    @AfterEach
    void forgetTheRequest() {
        timer.shutdownNow();
        Interrupts.reset();
    }

    /** Runs the command line in this JVM with "SIGTERM" requested after {@code afterMillis}. */
    private Run runInterrupted(final long afterMillis, final String... args) {
        timer.schedule(() -> Interrupts.request("SIGTERM"), afterMillis, TimeUnit.MILLISECONDS);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    @Timeout(60)
    void shouldEndARunAtTheSignalAndStillPrintTheSummaryAndWriteTheReport(@TempDir final Path dir)
        throws IOException {
        final Path file = Files.writeString(dir.resolve("long.conf"), LONG_RUN);
        final long start = System.nanoTime();
        final Run r = runInterrupted(1500, "run", file.toString(), "--report", dir.resolve("report").toString());
        final double took = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(took < 20, "a 60 s run interrupted after 1.5 s took " + took + " s");
        assertTrue(r.out().contains("syscalls/s") && r.out().contains("INTERRUPTED by SIGTERM after "), r.out());
        assertTrue(r.out().contains(": the figures cover what ran (no check failed in it)"), r.out());
        final String json = Files.readString(dir.resolve("report/report.json"));
        assertTrue(json.contains("\"interrupted\" : \"SIGTERM\"") && json.contains("\"passed\" : false"), json);
    }

    @Test
    @Timeout(60)
    void shouldEndACompareAtTheSignalNamingTheModelsNotRun(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("long.conf"), LONG_RUN);
        final Run r = runInterrupted(1500, "compare", file.toString(), "--models", "linux,copy,private-pages",
            "--warmup", "0s");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("linux: INTERRUPTED by SIGTERM after "), r.out());
        assertTrue(r.out().contains("INTERRUPTED by SIGTERM: not run: copy, private-pages"), r.out());
    }

    @Test
    @Timeout(60)
    void shouldEndAHuntBetweenSchedulesWithItsSummary() {
        final Run r = runInterrupted(1500, "hunt", "dirty-pipe", "--model", "linux", "--seed", "1", "--schedules",
            "1000000", "--quiet");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("INTERRUPTED by SIGTERM after ") && r.out().contains(" of 1000000 schedules: "
            + "found nothing in those."), r.out());
    }

    /** The real thing: a splicelab JVM, a real SIGTERM, exit status 143 after the summary. */
    @Test
    @Timeout(120)
    void shouldExitWith143AfterTheSummaryOnARealSigterm(@TempDir final Path dir) throws Exception {
        final Path file = Files.writeString(dir.resolve("long.conf"), LONG_RUN);
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-")).toList());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SplicelabCommand.class.getName(), "run",
            file.toString()));
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        try {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8).contains("Running long")
                && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);
            new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the run did not end after SIGTERM");
            final String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
            assertEquals(143, p.exitValue(), out);
            assertTrue(out.contains("syscalls/s") && out.contains("INTERRUPTED by SIGTERM after "), out);
        } finally {
            p.destroyForcibly();
        }
    }
}
