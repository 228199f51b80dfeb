package org.splicelab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.WorldSpec;
import org.splicelab.kernel.Host;
import org.splicelab.kernel.KernelComparison;
import org.splicelab.kernel.KernelException;
import org.splicelab.kernel.KernelRunner;
import org.splicelab.litmus.Exploration;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusReport;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.memory.PageArena;
import org.splicelab.protocols.KernelModel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab litmus}: run litmus tests (LITMUS.md). */
@Command(name = "litmus", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Runs .litmus tests: prints each distinct final state with its count and each condition's "
        + "verdict. Exit 0 when every applicable condition holds, 1 when one does not (or a violation no "
        + "condition names occurred), 2 when a file cannot be read or parsed."})
public final class LitmusCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "litmus files")
    private List<Path> files;

    @Mixin
    private ModelOption model;

    @Option(names = "--all-models", description = "run under every kernel design (the racy models are named with --model)")
    private boolean allModels;

    @Option(names = "--format", paramLabel = "text|json|herd", defaultValue = "text",
        description = "output format: text (LITMUS.md), json, or herd (herd7's: States, Witnesses, Observation "
            + "NAME Always|Sometimes|Never P N)")
    private String format;

    @Option(names = "--executions", paramLabel = "N", defaultValue = "100",
        description = "interleavings sampled (uniformly) from a multi-process test too large to explore exhaustively "
            + "(default ${DEFAULT-VALUE})")
    private int executions;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "seed of those samples (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--exhaustive-limit", paramLabel = "N", defaultValue = "2000",
        description = "explore every interleaving of process steps when there are at most N, else with partial-order "
            + "reduction when that takes at most N executions (default ${DEFAULT-VALUE})")
    private long exhaustiveLimit;

    @Option(names = "--exploration", paramLabel = "auto|naive|dpor|sampled", defaultValue = "auto",
        description = "auto: the naive walk when small enough, else partial-order reduction (DPOR), else sampling; "
            + "naive, dpor: only that one (up to --exhaustive-limit), else sampling; sampled: sampling only "
            + "(default ${DEFAULT-VALUE})")
    private String exploration;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
        description = "time limit of one execution (default ${DEFAULT-VALUE})")
    private int timeoutSeconds;

    @Option(names = "--stats", description = "print the kernel's figures per test: bytes by reference and "
        + "copied, steals tried/succeeded/failed by reason, refills after steals, post-splice changes")
    private boolean stats;

    @Option(names = "--steal-only-with-move", description = "private-pages: steal only under SPLICE_F_MOVE")
    private boolean stealOnlyWithMove;

    @Option(names = "--on", paramLabel = "model|kernel", defaultValue = "model",
        description = "where the test runs: the model (default) or this host's kernel, with real system calls "
            + "(conditions graded for --model, the file's model, else linux)")
    private String on;

    @Option(names = "--check-kernel", description = "run each file on the model and on this host's kernel and "
        + "compare registers, data and outcome sets; exit 1 when they differ")
    private boolean checkKernel;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "1000",
        description = "kernel: executions of a multi-process test (aligned starts), at most (default ${DEFAULT-VALUE})")
    private int runs;

    @Option(names = "--kernel-budget", paramLabel = "SECONDS", defaultValue = "5",
        description = "kernel: the time a multi-process test's runs may take, at most (default ${DEFAULT-VALUE})")
    private int kernelBudget;

    @Option(names = "--kernel-dir", paramLabel = "DIR",
        description = "kernel: where the test's files are made (default java.io.tmpdir)")
    private Path kernelDir;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (!"text".equals(format) && !"json".equals(format) && !"herd".equals(format)) {
            err.println("splicelab litmus: --format must be text, json or herd, not '" + format + "'");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (model.given() && allModels) {
            err.println("splicelab litmus: --model and --all-models exclude each other");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final Exploration.Mode mode;
        try {
            mode = Exploration.Mode.of(exploration);
        } catch (IllegalArgumentException e) {
            err.println("splicelab litmus: --exploration: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final String tooSmall = executions < 1 ? "--executions: expected a whole number >= 1, found " + executions
            : timeoutSeconds < 1 ? "--timeout: expected a whole number of seconds >= 1, found " + timeoutSeconds
            : exhaustiveLimit < 0 ? "--exhaustive-limit: expected a whole number >= 0, found " + exhaustiveLimit : null;
        if (tooSmall != null) {
            err.println("splicelab litmus: " + tooSmall);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (!"model".equals(on) && !"kernel".equals(on)) {
            err.println("splicelab litmus: --on must be model or kernel, not '" + on + "'");
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final boolean kernel = "kernel".equals(on) || checkKernel;
        final String kernelInput = !kernel ? null
            : allModels ? (checkKernel ? "--check-kernel" : "--on kernel") + " runs one kernel: name one model with --model, not --all-models"
            : checkKernel && "kernel".equals(on) ? "--check-kernel runs both backends; --on kernel is not needed with it"
            : checkKernel && !"text".equals(format) ? "--check-kernel prints text only (--format " + format + ")"
            : runs < 1 ? "--runs: expected a whole number >= 1, found " + runs
            : kernelBudget < 1 ? "--kernel-budget: expected a whole number of seconds >= 1, found " + kernelBudget
            : kernelDir != null && !Files.isDirectory(kernelDir) ? "--kernel-dir: " + kernelDir + " is not a directory"
            : null;
        if (kernelInput != null) {
            err.println("splicelab litmus: " + kernelInput);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final KernelModel forced;
        try {
            forced = model.orElse(null);
        } catch (org.splicelab.scenario.ScenarioException e) {
            err.println("splicelab litmus: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        final List<String> errors = new ArrayList<>();
        final List<LitmusRunner.Outcome> outcomes = new ArrayList<>();
        final LitmusRunner.Options options =
            new LitmusRunner.Options(executions, Duration.ofSeconds(timeoutSeconds), PageArena.DEFAULT_FRAMES,
                new Kernel.Options(stealOnlyWithMove));
        final Path dir = kernelDir != null ? kernelDir : Path.of(System.getProperty("java.io.tmpdir"));
        final KernelRunner.Options kernelOptions = new KernelRunner.Options(runs, Duration.ofSeconds(kernelBudget),
            Duration.ofSeconds(timeoutSeconds), dir, seed);
        boolean differ = false;
        int countDiffering = 0;
        if (kernel && "text".equals(format)) {
            try {
                out.println("Kernel: Linux " + Host.release() + " " + Host.machine() + "; files in " + dir + " ("
                    + Host.fsType(dir) + ")");
            } catch (LinkageError e) {
                err.println("splicelab litmus: the C library could not be loaded through JNA: " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
        }
        try (Simulator simulator = "kernel".equals(on) ? null : new Simulator()) {
            final LitmusRunner runner = simulator == null ? null
                : new LitmusRunner(simulator).exploration(seed, exhaustiveLimit, mode);
            for (final Path file : files) {
                final String text;
                try {
                    text = org.splicelab.scenario.TextFiles.read(file);
                } catch (org.splicelab.scenario.TextFiles.NotText e) {
                    errors.add(e.getMessage());
                    continue;
                } catch (java.nio.file.NoSuchFileException e) {
                    errors.add(file + ": no such file");
                    continue;
                } catch (IOException e) {
                    errors.add(file + ": cannot read: " + org.splicelab.scenario.BuiltInScenarios.reason(e));
                    continue;
                }
                final LitmusTest test;
                final WorldSpec world;
                try {
                    test = LitmusParser.parse(file.toString(), text);
                    world = LitmusCompiler.compile(test, file.toString(), text);
                } catch (LitmusParseException e) {
                    errors.add(e.getMessage());
                    continue;
                }
                if (kernel) {
                    final KernelModel m = forced != null ? forced : test.defaultModel();
                    final KernelRunner.KernelOutcome k;
                    try {
                        k = KernelRunner.run(test, world, m, kernelOptions);
                    } catch (KernelException e) {
                        errors.add(file + ": the kernel backend cannot run it: " + e.getMessage());
                        continue;
                    }
                    if (checkKernel) {
                        final KernelComparison.Result c = KernelComparison.compare(runner.run(test, world, m, options), k);
                        if (!c.agrees()) {
                            differ = true;
                            countDiffering++;
                        }
                        outcomes.add(c.model());
                        out.print(KernelComparison.text(c));
                    } else {
                        outcomes.add(k.outcome());
                        if ("text".equals(format)) {
                            out.print(LitmusReport.text(k.outcome(), false, k.label()
                                + (k.outcome().executions() == k.runs() ? "" : ", " + k.runs() + " runs")));
                        } else if ("herd".equals(format)) {
                            out.print(LitmusReport.herd(k.outcome()));
                        }
                    }
                    out.flush();
                    continue;
                }
                for (final KernelModel m : models(test, forced)) {
                    final LitmusRunner.Outcome o = runner.run(test, world, m, options);
                    outcomes.add(o);
                    if ("text".equals(format)) {
                        out.print(LitmusReport.text(o, stats));
                        out.flush();
                    } else if ("herd".equals(format)) {
                        out.print(LitmusReport.herd(o));
                        out.flush();
                    }
                }
            }
        }
        if (checkKernel) {
            if (outcomes.size() + errors.size() > 1) {
                out.println(outcomes.size() + (outcomes.size() == 1 ? " file" : " files") + " compared, "
                    + countDiffering + " differ" + (errors.isEmpty() ? "" : ", " + errors.size() + " not run"));
            }
            errors.forEach(err::println);
            return !errors.isEmpty() ? SplicelabCommand.EXIT_BAD_INPUT
                : differ ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
        }
        if ("json".equals(format)) {
            out.print(LitmusReport.json(outcomes, errors));
            out.flush();
        } else if (outcomes.size() + errors.size() > 1 || "herd".equals(format)) {
            out.print(LitmusReport.totals(outcomes, errors.size()));   // one test alone: LITMUS.md's block only
            out.flush();
        }
        errors.forEach(err::println);
        if (!errors.isEmpty()) {
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        return outcomes.stream().allMatch(LitmusRunner.Outcome::ok)
            ? SplicelabCommand.EXIT_OK : SplicelabCommand.EXIT_CHECK_FAILED;
    }

    private List<KernelModel> models(final LitmusTest test, final KernelModel forced) {
        if (allModels) {
            return KernelModel.designs();
        }
        return List.of(forced != null ? forced : test.defaultModel());
    }
}
