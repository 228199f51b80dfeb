package org.splicelab.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.ReplayFile;
import org.splicelab.hunt.Replayer;
import org.splicelab.hunt.Shrinker;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code splicelab replay}: re-runs a recorded schedule exactly, with a readable trace; optionally shrinks it. */
@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Re-runs the schedule recorded in FILE (written by hunt) on the deterministic runtime, exactly, "
        + "and prints a readable trace: which actor took which message, every refcount change with the actor that "
        + "made it (before -> after), the choices, and where a violation was reported. With --shrink, cuts the "
        + "decision list down (delta debugging) to a minimal one that still finds the same thing, writes it and "
        + "prints its trace.",
        "Exit 1 when the replayed schedule finds something, 0 when it does not, 2 on bad input."})
public final class ReplayCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "a .replay file")
    private Path file;

    @Option(names = "--shrink", description = "shrink the schedule and write the result")
    private boolean shrink;

    @Option(names = "--out", paramLabel = "FILE",
        description = "where --shrink writes (default: <name>-<seed>.min.replay beside FILE)")
    private Path shrunkFile;

    @Option(names = "--max-runs", paramLabel = "N", defaultValue = "5000",
        description = "--shrink: at most N candidate runs (default ${DEFAULT-VALUE})")
    private int maxRuns;

    @Mixin
    private TraceOptions trace;

    @Option(names = "--from-seed", description = "re-run from the recorded strategy and seed instead of the decision "
        + "list (the same run while the target and splicelab are unchanged; the list survives more changes)")
    private boolean fromSeed;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (maxRuns < 1) {
            err.println("splicelab replay: --max-runs: expected a whole number >= 1, found " + maxRuns);
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (shrunkFile != null) {
            try {
                if (!shrink) {
                    throw new ScenarioException("--out: applies to --shrink only (where the shrunk schedule goes)");
                }
                OutputPaths.checkFile(shrunkFile, "--out");
            } catch (ScenarioException e) {
                err.println("splicelab replay: " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
        }
        final ReplayFile f;
        final HuntTarget target;
        final KernelModel model;
        try {
            f = ReplayFile.read(file);
            model = KernelModel.fromId(f.model());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            err.println("splicelab replay: " + e.getMessage());
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        try {
            target = Replayer.resolve(f.target(), f.targetParameters(), file);
        } catch (UncheckedIOException | IllegalArgumentException | LitmusParseException | ScenarioException e) {
            // the target's own file:line when it has one, else the replay file's 'target' line
            final String m = e.getMessage();
            final boolean located = e instanceof LitmusParseException || m.matches("(?s)[^ ]+:\\d+(:\\d+)?: .*");
            err.println("splicelab replay: " + (located ? m : file + ":" + ReplayFile.lineOf(file, "target")
                + ": 'target': " + m));
            return SplicelabCommand.EXIT_BAD_INPUT;
        }
        if (!f.checksum().isEmpty() && !f.checksum().equals(target.checksum())) {
            err.println("warning: " + f.target() + " changed since the schedule was recorded (checksum "
                + target.checksum() + ", recorded " + f.checksum() + "): the replay may not follow it");
        }
        try (DeterministicRuntime runtime = new DeterministicRuntime()) {
            final Replayer.Replayed r = fromSeed ? Replayer.replayFromSeed(runtime, target, model, f)
                : Replayer.replay(runtime, target, model, f.decisions(), true, f.memoryPoints());
            final String original = Replayer.render(target, model, (fromSeed ? f.strategy() + " seed " + f.seed()
                + " from " : "replay of ") + file.getFileName(), r, trace.messages);
            if (!trace.quiet) {
                out.print(original);
            }
            if (fromSeed && !r.decisions().equals(f.decisions())) {
                err.println("warning: the seed's schedule made other choices than the recorded list");
            }
            report(out, err, f.findings(), r);
            if (r.divergence() != null) {
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            if (!shrink) {
                return r.outcome().found() ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
            }
            if (!r.outcome().found()) {
                err.println("splicelab replay: nothing to shrink: the schedule finds nothing");
                return SplicelabCommand.EXIT_OK;
            }
            final String finding = f.findings().stream().filter(r.outcome().findings()::contains).findFirst()
                .orElse(r.outcome().findings().get(0));
            final Shrinker.Result s = new Shrinker(runtime, target, model, maxRuns, f.memoryPoints())
                .shrink(r.decisions(), finding);
            final Replayer.Replayed min = Replayer.replay(runtime, target, model, s.shrunk(), true, f.memoryPoints());
            final List<Decision> kept = Shrinker.trim(min.decisions());
            final ReplayFile shrunk = f.withDecisions(kept, min.comments().subList(0, kept.size()),
                min.outcome().findings());
            final String name = file.getFileName().toString();
            final Path dest = shrunkFile != null ? shrunkFile : (file.toAbsolutePath().getParent() == null
                ? Path.of(".") : file.toAbsolutePath().getParent())
                .resolve((name.endsWith(".replay") ? name.substring(0, name.length() - ".replay".length()) : name)
                    + ".min.replay");
            shrunk.write(dest);
            final String after = Replayer.render(target, model, "shrunk", min, trace.messages);
            if (!trace.quiet) {
                out.print(after);
            }
            out.println("Shrunk " + finding + ": " + s.original().size() + " decisions (" + s.nonDefault(s.original())
                + " not the first option) -> " + s.shrunk().size() + " (" + s.nonDefault(s.shrunk()) + ") in " + s.runs()
                + " runs; " + min.steps() + " actor steps; the trace " + lines(original) + " -> " + lines(after)
                + " lines, " + s.originalSwitches() + " -> " + s.shrunkSwitches() + " switches between processes");
            out.println("Shrunk replay file: " + dest);
            return min.outcome().found() ? SplicelabCommand.EXIT_CHECK_FAILED : SplicelabCommand.EXIT_OK;
        }
    }

    private static long lines(final String trace) {
        return trace.lines().count();
    }

    private static void report(final PrintWriter out, final PrintWriter err, final List<String> recorded,
                               final Replayer.Replayed r) {
        if (r.divergence() != null) {
            out.println("FAILED: the run left the recorded schedule (" + r.divergence() + "): this is not a "
                + "reproduction (the target, the model or splicelab changed, or something escaped the runtime)");
            return;
        }
        if (r.reproduces(recorded) && r.outcome().found()) {
            out.println("Reproduced: " + String.join(", ", r.outcome().findings()));
        } else {
            out.println("Did not reproduce " + recorded + "; this run found " + r.outcome().findings());
        }
    }
}
