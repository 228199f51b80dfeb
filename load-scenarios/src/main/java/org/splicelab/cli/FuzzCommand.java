package org.splicelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterJob;
import org.splicelab.cluster.ClusterNode;
import org.splicelab.cluster.Work;
import org.splicelab.actors.Simulator;
import org.splicelab.kernel.Fuzzer;
import org.splicelab.kernel.Host;
import org.splicelab.kernel.KernelRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splicelab fuzz}: random programs on the model and on this kernel; every disagreement as a shrunk litmus file. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Generates random litmus programs (files, pipes, sockets, user memory; lengths and "
        + "offsets around page, slot and pipe boundaries; flags; non-blocking and closed ends; truncate; O_DIRECT on "
        + "ext4 and tmpfs), runs each on the model (linux) and on this host's kernel, and writes the first program of "
        + "each disagreement signature, shrunk, as a .litmus file with both outcomes. With --processes 2 or 3 the model "
        + "explores every interleaving and the kernel runs each program --runs times; a disagreement is a state the "
        + "kernel reached that the model does not offer. Exit 0 when every program agreed, 1 when one did not, 2 on "
        + "bad input."})
public final class FuzzCommand implements Callable<Integer> {
    @Option(names = "--programs", paramLabel = "N", defaultValue = "1000", description = "programs (default ${DEFAULT-VALUE})")
    private int programs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "program i is made from seed S + i (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--processes", paramLabel = "N", defaultValue = "1",
        description = "processes per program, 1 to " + Fuzzer.MAX_PROCESSES + " (default ${DEFAULT-VALUE})")
    private int processes;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "200",
        description = "kernel runs of each program of several processes (default ${DEFAULT-VALUE}; one process runs once)")
    private int runs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "fuzz-findings",
        description = "where the shrunk disagreements are written (default ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--kernel-dir", paramLabel = "DIR", description = "where the files are made (default java.io.tmpdir)")
    private Path kernelDir;

    @CommandLine.Mixin
    private ClusterOptions cluster;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Programs per cluster range unless --range says otherwise. */
    static final long DEFAULT_RANGE = 250;

    @Override
    public Integer call() {
        final PrintWriter o = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (programs < 1) {
            err.println("splicelab fuzz: --programs: expected a whole number >= 1, found " + programs);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (processes < 1 || processes > Fuzzer.MAX_PROCESSES) {
            err.println("splicelab fuzz: --processes: expected 1 to " + Fuzzer.MAX_PROCESSES + ", found " + processes);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (runs < 1) {
            err.println("splicelab fuzz: --runs: expected a whole number >= 1, found " + runs);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final Path dir = kernelDir != null ? kernelDir : Path.of(System.getProperty("java.io.tmpdir"));
        if (!Files.isDirectory(dir)) {
            err.println("splicelab fuzz: --kernel-dir: " + dir + " is not a directory");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            err.println("splicelab fuzz: --out: cannot make " + out + ": " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final String bad = cluster.check(DEFAULT_RANGE);
        if (bad != null) {
            err.println("splicelab fuzz: " + bad);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (cluster.on()) {
            if (kernelDir != null) {
                err.println("splicelab fuzz: --kernel-dir names a directory of this machine; with --cluster each "
                    + "worker makes its files in its own java.io.tmpdir");
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            return onCluster(o, err);
        }
        o.println("Kernel: Linux " + Host.release() + " " + Host.machine() + "; files in " + dir + " (" + Host.fsType(dir)
            + "); model linux; " + programs + " programs of " + processes + (processes == 1 ? " process" : " processes")
            + " from seed " + seed + (processes > 1 ? ", " + runs + " kernel runs each" : ""));
        o.flush();
        final Fuzzer.Summary s;
        try (Simulator simulator = new Simulator()) {
            s = new Fuzzer(simulator, new KernelRunner.Options(processes == 1 ? 1 : runs, Duration.ofSeconds(5),
                Duration.ofSeconds(10), dir, seed), processes)
                .run(programs, seed, line -> {
                    o.println("  " + line);
                    o.flush();
                });
        }
        return report(o, err, s);
    }

    private int onCluster(final PrintWriter o, final PrintWriter err) {
        final long size = cluster.range(DEFAULT_RANGE);
        final List<Work.Range> ranges = new ArrayList<>();
        final Work.FuzzSpec fs = new Work.FuzzSpec(processes, runs);
        for (long done = 0; done < programs; done += size) {
            ranges.add(new Work.Range(ranges.size(), ranges.size(), "fuzz", Work.Kind.FUZZ, seed + done,
                Math.min(size, programs - done), null, fs));
        }
        o.println("fuzz: " + programs + " programs of " + processes + (processes == 1 ? " process" : " processes")
            + " from seed " + seed + (processes > 1 ? ", " + runs + " kernel runs each" : "") + ", model linux, on the "
            + "cluster at " + cluster.cluster + " in " + ranges.size() + " range" + (ranges.size() == 1 ? "" : "s")
            + "; each worker runs the kernel side on its own host");
        o.flush();
        final ClusterProgress progress = new ClusterProgress(o, "programs");
        final ClusterJob.Outcome outcome;
        Interrupts.watch();
        try {
            try (ClusterNode node = cluster.join(o)) {
                outcome = ClusterJob.run(node, ranges, progress, Interrupts::requested, cluster.workerWait(),
                    cluster.cluster);
            } catch (ClusterException e) {
                err.println("splicelab fuzz: " + e.getMessage());
                return ClusterCommand.EXIT_INCOMPLETE;
            }
            progress.summary(outcome);
            long ran = 0;
            long agreeing = 0;
            long skipped = 0;
            long unreproduced = 0;
            long notExhaustive = 0;
            boolean incomplete = outcome.lost() != null || outcome.missing() > 0;
            final Map<String, Fuzzer.Finding> findings = new LinkedHashMap<>();
            final Map<String, String> kernels = new TreeMap<>();
            for (final Work.RangeResult r : outcome.results()) {
                if (r == null || r.status() == Work.Status.NOT_RUN) {
                    continue;
                }
                if (r.status() == Work.Status.FAILED) {
                    incomplete = true;
                    o.println("FAILED range " + r.index() + " on " + r.node() + ": " + r.reason());
                    continue;
                }
                kernels.put(r.node(), r.kernel());
                ran += r.ran();
                agreeing += r.agreeing();
                skipped += r.skipped();
                unreproduced += r.unreproduced();
                notExhaustive += r.notExhaustive();
                for (final Work.FuzzFinding f : r.fuzzFindings()) {
                    final Fuzzer.Finding was = findings.get(f.signature());
                    findings.put(f.signature(), was == null ? new Fuzzer.Finding(f.signature(), f.count(), f.source())
                        : new Fuzzer.Finding(was.signature(), was.count() + f.count(), was.source()));
                }
            }
            for (final Map.Entry<String, String> k : kernels.entrySet()) {
                o.println("Kernel of " + k.getKey() + ": " + k.getValue());
            }
            final int exit = report(o, err, new Fuzzer.Summary(ran, agreeing, skipped, unreproduced, findings,
                outcome.elapsed().toMillis(), notExhaustive));
            return exit == SplicelabCommand.EXIT_OK && incomplete ? ClusterCommand.EXIT_INCOMPLETE : exit;
        } finally {
            Interrupts.unwatch();
        }
    }

    /** Writes each finding to --out and prints the campaign's summary; the exit status. */
    private int report(final PrintWriter o, final PrintWriter err, final Fuzzer.Summary s) {
        int i = 0;
        for (final Fuzzer.Finding f : s.findings().values()) {
            final Path file = out.resolve("fuzz-" + seed + "-" + (++i) + ".litmus");
            try {
                Files.writeString(file, f.source());
            } catch (IOException e) {
                err.println("splicelab fuzz: cannot write " + file + ": " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            o.printf("  %5d  %s  (%s)%n", f.count(), f.signature(), file);
        }
        final long run = s.programs() - s.skipped() - s.notExhaustive();
        if (processes > 1) {
            o.printf("%d programs not compared: the model could not explore every interleaving of them%n", s.notExhaustive());
        }
        o.printf("%d programs run (%d not runnable), %d agree (%.2f %%), %d distinct disagreement signatures, %d "
                + "differences not reproduced by a second run; %.1f s, %.0f programs/s%n", run, s.skipped(), s.agreeing(),
            run == 0 ? 100.0 : 100.0 * s.agreeing() / run, s.findings().size(), s.unreproduced(), s.millis() / 1000.0, s.millis() == 0 ? 0.0 : s.programs() * 1000.0 / s.millis());
        o.flush();
        return s.findings().isEmpty() ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }
}
