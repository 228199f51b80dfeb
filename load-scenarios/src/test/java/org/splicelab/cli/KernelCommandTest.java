package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.kernel.Host;
import picocli.CommandLine;

/** {@code litmus --on kernel} and {@code --check-kernel}: output, exit codes, bad input. Observed on Linux 6.18. */
class KernelCommandTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static final String OVERWRITE = String.join("\n", "litmus file-splice-then-overwrite",
        "file f size=4096 fill=A", "pipe p", "process P0 {", "  r0 = splice f -> p 4096", "  pwrite f@0 'B'*4096",
        "  r1 = read p 1", "}", "expect r0 == 4096", "[linux] expect r1 == \"B\"", "[private-pages, copy] expect r1 == \"A\"", "");

    @Test
    void shouldRunOnTheKernelAndSayWhere(@TempDir final Path dir) throws IOException {
        final Path f = Files.writeString(dir.resolve("t.litmus"), OVERWRITE);
        final Run r = run("litmus", "--on", "kernel", "--kernel-dir", "/dev/shm", f.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("Kernel: Linux " + Host.release() + " "), r.out());
        assertTrue(r.out().contains("files in /dev/shm (tmpfs)"), r.out());
        assertTrue(r.out().contains("Test file-splice-then-overwrite (kernel " + Host.release()
            + " on tmpfs): 1 execution, 1 state\n  1  r0=4096 r1=\"B\"\n"), r.out());
        final Run copy = run("litmus", "--on", "kernel", "--model", "copy", f.toString());
        assertEquals(1, copy.exit(), "this kernel is not the copy model: " + copy.out());
    }

    @Test
    void shouldPrintADifferenceSideBySideAndExitOne(@TempDir final Path dir) throws IOException {
        final Path f = Files.writeString(dir.resolve("t.litmus"), OVERWRITE);
        final Run same = run("litmus", "--check-kernel", f.toString());
        assertEquals(0, same.exit(), same.out() + same.err());
        assertTrue(same.out().contains("Check file-splice-then-overwrite: model linux (1 execution) vs kernel "), same.out());
        assertTrue(same.out().contains("): agree\n"), same.out());
        final Run copy = run("litmus", "--check-kernel", "--model", "copy", f.toString());
        assertEquals(1, copy.exit(), copy.out() + copy.err());
        assertTrue(copy.out().contains("1   r0=4096 r1=\"A\" | \n") && copy.out().contains("|  1   r0=4096 r1=\"B\"")
            || copy.out().contains("difference: the kernel reached a state the model does not offer: r0=4096 r1=\"B\""),
            copy.out());
    }

    @Test
    void shouldRefuseImpossibleKernelOptionsAsBadInput(@TempDir final Path dir) throws IOException {
        final Path f = Files.writeString(dir.resolve("t.litmus"), OVERWRITE);
        for (final String[] args : new String[][] {
            {"litmus", "--on", "kernel", "--all-models", f.toString()},
            {"litmus", "--on", "hardware", f.toString()},
            {"litmus", "--check-kernel", "--format", "json", f.toString()},
            {"litmus", "--on", "kernel", "--runs", "0", f.toString()},
            {"litmus", "--on", "kernel", "--kernel-dir", dir.resolve("missing").toString(), f.toString()},
            {"litmus", "--on", "kernel", dir.resolve("missing.litmus").toString()}}) {
            final Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("splicelab litmus: ") || r.err().contains("no such file"), r.err());
        }
    }
}
