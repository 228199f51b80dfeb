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
        try (Simulator simulator = new Simulator()) {
            final LitmusRunner runner = new LitmusRunner(simulator).exploration(seed, exhaustiveLimit, mode);
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
