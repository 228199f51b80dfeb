package org.splicelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.splicelab.kernel.Calibrator;
import org.splicelab.kernel.Host;
import org.splicelab.kernel.KernelException;
import org.splicelab.kernel.Pipelines;
import org.splicelab.report.KernelProfile;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code splicelab calibrate}: the host's unit cost per kernel event, as a profile file; {@code --validate}. */
@Command(name = "calibrate", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Measures the unit cost of every kernel event the simulator counts on this host's kernel "
        + "(micro-measurements of the primitives through real system calls: a syscall, a pipe lock, a page-cache "
        + "lookup, a page reference, a 4 KiB copy, a page allocation, a steal, a refill, a wake-up, a blocked wait, "
        + "a TCP send), each the median of --rounds rounds after a warm-up, and writes them with the kernel "
        + "release and CPU to the profile file that run and compare estimate with. --validate then simulates "
        + "whole pipelines and measures them on the kernel in the same command: estimate / measured. "
        + "Exit 0 ok, 1 when an estimate is outside [0.75, 1.33], 2 on bad input or when the kernel cannot be "
        + "measured."})
public final class CalibrateCommand implements Callable<Integer> {
    @Mixin
    private ProfileOption profile;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
        description = "measured rounds of every primitive, after one warm-up round (default ${DEFAULT-VALUE})")
    private int rounds;

    @Option(names = "--budget", paramLabel = "D", defaultValue = "100ms",
        description = "how long each measurement loops (default ${DEFAULT-VALUE})")
    private String budget;

    @Option(names = "--kernel-dir", paramLabel = "DIR",
        description = "where the measurement files are made; a disk filesystem (default: java.io.tmpdir)")
    private Path kernelDir;

    @Option(names = "--validate", description = "then validate: whole pipelines simulated and measured, side by side")
    private boolean validate;

    @Option(names = "--validate-only", description = "validate with the existing profile, without calibrating")
    private boolean validateOnly;

    @Option(names = "--quick", description = "3 rounds of 20ms, a shorter validation: a check, not a calibration "
        + "to keep (a few seconds)")
    private boolean quick;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "2000",
        description = "steps of 64 KiB each simulated pipeline runs in the validation (default ${DEFAULT-VALUE})")
    private long steps;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final long budgetNanos;
        final Path dir = kernelDir != null ? kernelDir : Path.of(System.getProperty("java.io.tmpdir"));
        KernelProfile p = null;
        try {
            if (rounds < 1 || rounds > 100) {
                throw new ScenarioException("--rounds: expected a whole number from 1 to 100, found " + rounds);
            }
            if (steps < 10 || steps > 1_000_000) {
                throw new ScenarioException("--steps: expected a whole number from 10 to 1,000,000, found " + steps);
            }
            budgetNanos = RunOptions.duration(budget, "--budget", Duration.ofMillis(1)).toNanos();
            if (budgetNanos > 10_000_000_000L) {
                throw new ScenarioException("--budget: expected at most 10s, found " + budget);
            }
            if (!Files.isDirectory(dir)) {
                throw new ScenarioException("--kernel-dir: " + dir + " is not a directory");
            }
            if (validateOnly) {
                p = profile.load();
                if (p == null) {
                    throw new ScenarioException("--validate-only: no profile at " + profile.path()
                        + " (run `splicelab calibrate` first, or pass --profile FILE)");
                }
            } else {
                OutputPaths.checkFile(profile.path(), "--profile");
            }
        } catch (ScenarioException e) {
            err.println("splicelab calibrate: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final int r = quick ? 3 : rounds;
        final long b = quick ? 20_000_000L : budgetNanos;
        final long pipelineBudget = quick ? 50_000_000L : Math.max(b, 200_000_000L);
        final long n = quick ? 300 : steps;
        try {
            final List<org.splicelab.report.RunReport> simulated = validate || validateOnly
                ? Validation.simulate(n) : List.of();
            final List<Map<String, Double>> unitRounds = new ArrayList<>();
            final List<Map<String, Double>> measured = new ArrayList<>();
            if (!validateOnly) {
                out.printf("Calibrating on Linux %s %s, %s, %d CPUs, files in %s (%s): %d rounds of %s per primitive"
                    + " after a warm-up round%s%n", Host.release(), Host.machine(), cpuModel(),
                    Runtime.getRuntime().availableProcessors(), dir, Host.fsType(dir), r,
                    org.splicelab.scenario.Durations.format(Duration.ofNanos(b)), validate
                    ? ", each round followed by the validation's pipelines" : "");
                out.flush();
            }
            try (Calibrator cal = validateOnly ? null : Calibrator.open(dir, b);
                 Pipelines.Rig rig = validate || validateOnly ? Pipelines.Rig.open(dir) : null) {
                for (int round = 0; round <= r; round++) {
                    err.println(round == 0 ? "warm-up round" : "round " + round + " of " + r);
                    err.flush();
                    final Map<String, Double> u = cal == null ? null : cal.round();
                    final Map<String, Double> m = rig == null ? null : rig.round(pipelineBudget);
                    if (round > 0) {
                        if (u != null) {
                            unitRounds.add(u);
                        }
                        if (m != null) {
                            measured.add(m);
                        }
                    }
                }
            }
            final List<KernelProfile> perRound = new ArrayList<>();
            if (!validateOnly) {
                p = write(Calibrator.units(unitRounds), r, out, err);
                if (p == null) {
                    return SplicelabCommand.EXIT_BAD_INPUT;
                }
                for (final Map<String, Double> u : unitRounds) {
                    perRound.add(withUnits(p, u));
                }
            } else {
                perRound.add(p);
            }
            if (validate || validateOnly) {
                return Validation.print(simulated, perRound, measured, n, out) ? SplicelabCommand.EXIT_OK
                    : SplicelabCommand.EXIT_CHECK_FAILED;
            }
            return SplicelabCommand.EXIT_OK;
        } catch (KernelException | LinkageError e) {
            err.println("splicelab calibrate: the kernel could not be measured: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
    }

    /** {@code p} with one round's units (a negative difference, noise, as 0). */
    private static KernelProfile withUnits(final KernelProfile p, final Map<String, Double> units) {
        final Map<String, Double> u = new LinkedHashMap<>();
        units.forEach((k, v) -> u.put(k, Math.max(0, v)));
        return new KernelProfile(p.source(), p.kernel(), p.machine(), p.cpu(), p.cpus(), p.measured(), 1, p.cacheBytes(),
            u, p.spreadNs());
    }

    /** Prints the units, writes the profile; null (the error printed) when it cannot be written. */
    private KernelProfile write(final List<Calibrator.Unit> units, final int r, final PrintWriter out,
                                final PrintWriter err) {
        final Map<String, Double> ns = new LinkedHashMap<>();
        final Map<String, double[]> spread = new LinkedHashMap<>();
        final Map<String, String> comments = new LinkedHashMap<>();
        int width = 0;
        for (final Calibrator.Unit u : units) {
            width = Math.max(width, u.name().length());
        }
        for (final Calibrator.Unit u : units) {
            final double med = Math.max(0, u.median());
            ns.put(u.name(), med);
            spread.put(u.name(), new double[] {u.rounds().stream().mapToDouble(Double::doubleValue).min().orElse(0),
                u.rounds().stream().mapToDouble(Double::doubleValue).max().orElse(0)});
            comments.put(u.name(), u.event() + "; measured as " + u.how()
                + (u.median() < 0 ? " (the median difference was below zero, noise: stored as 0)" : ""));
            out.printf("  %-" + width + "s  %12s  %s%n", u.name(), Spread.compact(u.rounds(), "%,.1f") + " ns",
                u.event());
        }
        final KernelProfile p = new KernelProfile(profile.path().toString(), Host.release(), Host.machine(), cpuModel(),
            Runtime.getRuntime().availableProcessors(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), r,
            cacheBytes(), ns, spread);
        try {
            p.write(comments);
        } catch (IOException e) {
            err.println("splicelab calibrate: --profile " + profile.path() + ": cannot write the profile: "
                + OutputPaths.reason(e));
            return null;
        }
        out.println("Profile: " + profile.path() + " (median (min-max) over the rounds, nanoseconds per event)");
        out.flush();
        return p;
    }

    /** The L2 cache of CPU 0 (sysfs: cache/index2/size), else 1 MiB. */
    static long cacheBytes() {
        try {
            final String t = Files.readString(Path.of("/sys/devices/system/cpu/cpu0/cache/index2/size")).trim();
            final long unit = t.endsWith("K") ? 1024 : t.endsWith("M") ? 1 << 20 : 1;
            return Long.parseLong(unit == 1 ? t : t.substring(0, t.length() - 1)) * unit;
        } catch (IOException | RuntimeException e) {
            return 1 << 20;
        }
    }

    /** /proc/cpuinfo's first model name, or the JVM's architecture when there is none. */
    static String cpuModel() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: the architecture is all there is to say
        }
        return System.getProperty("os.arch");
    }
}
