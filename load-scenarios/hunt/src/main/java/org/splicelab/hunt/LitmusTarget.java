package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.splicelab.actors.Execution;
import org.splicelab.actors.ExecutionResult;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.ProcessActor;
import org.splicelab.actors.WorldSpec;
import org.splicelab.litmus.Bytes;
import org.splicelab.litmus.Condition;
import org.splicelab.litmus.Conditions;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusFormat;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.memory.PageArena;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SyscallResult;

/**
 * A {@code .litmus} file as a hunt target: each schedule is one {@link Execution} of its world. A
 * schedule has found something when the checker reported a violation, when an {@code expect} that
 * applies to the model does not hold in it, when a {@code forbid} does, or when the execution failed
 * ({@code exists} is a property of many executions and is not checked per schedule).
 */
public final class LitmusTarget implements HuntTarget {
    /** The execution's time limit: virtual time on the deterministic runtime, so it only catches hangs. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Path path;
    private final String text;
    private final String checksum;
    private final LitmusTest test;
    private final WorldSpec world;

    private LitmusTarget(final Path path, final String text) {
        this.path = path.toAbsolutePath().normalize();
        this.text = text;
        this.checksum = sha256(text);
        this.test = LitmusParser.parse(path.toString(), text);
        this.world = LitmusCompiler.compile(test, path.toString(), text);
    }

    /**
     * Reads and compiles {@code file}. Throws {@link org.splicelab.litmus.LitmusParseException} when
     * it does not parse and {@link UncheckedIOException} when it cannot be read.
     */
    public static LitmusTarget load(final Path file) {
        try {
            return new LitmusTarget(file, org.splicelab.scenario.TextFiles.read(file));
        } catch (org.splicelab.scenario.TextFiles.NotText e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + org.splicelab.scenario.BuiltInScenarios.reason(e), e);
        }
    }

    /**
     * A litmus target from its text, named by {@code file} as if read from there (a cluster worker gets
     * the text from the user's machine, so a replay file it writes names the user's file). Throws
     * {@link org.splicelab.litmus.LitmusParseException} when it does not parse.
     */
    public static LitmusTarget fromText(final Path file, final String text) {
        return new LitmusTarget(file, text);
    }

    /** The file's text as it was read. */
    public String text() {
        return text;
    }

    public LitmusTest test() {
        return test;
    }

    public WorldSpec world() {
        return world;
    }

    /** The model the file names ({@code model NAME}), else linux. */
    public KernelModel defaultModel() {
        return test.defaultModel();
    }

    @Override
    public String name() {
        return test.name();
    }

    @Override
    public String reference() {
        return path.toString();
    }

    @Override
    public String checksum() {
        return checksum;
    }

    /** Enough frames for every file, every pipe full and every process's memory, twice over. */
    @Override
    public int frames() {
        long pages = 64;
        for (final WorldSpec.FileSpec f : world.files()) {
            pages += f.data().length / PageArena.PAGE_SIZE + 2;
        }
        for (final WorldSpec.PipeSpec p : world.pipes()) {
            pages += p.slots();
        }
        pages += 64L * world.socketPairs().size();
        for (final WorldSpec.ProcessSpec p : world.processes()) {
            for (final Program.Region r : p.regions()) {
                pages += r.size() / PageArena.PAGE_SIZE + 1;
            }
        }
        return (int) Math.min(PageArena.DEFAULT_FRAMES, Math.max(1024, 2 * pages));
    }

    @Override
    public Behavior<?> root(final Kernel kernel, final ActorRef<HuntOutcome> done) {
        return Behaviors.<ExecutionResult>setup(ctx -> {
            ctx.spawn(Execution.create(kernel, world, TIMEOUT, ctx.getSelf()), "exec");
            return Behaviors.receiveMessage(r -> {
                done.tell(judge(r, kernel.model()));
                return Behaviors.stopped();
            });
        });
    }

    @Override
    public List<String> sometimes(final KernelModel model) {
        return test.conditions().stream().filter(c -> c.kind() == Condition.Kind.EXISTS && c.appliesTo(model))
            .map(c -> "line " + c.line() + ": " + c.text()).toList();
    }

    /** The schedule's outcome: the state line, violations, and the per-execution checks that failed. */
    public HuntOutcome judge(final ExecutionResult r, final KernelModel model) {
        final FinalState state = LitmusRunner.stateOf(r);
        final List<String> failures = new ArrayList<>();
        final List<String> witnessed = new ArrayList<>();
        for (final Condition c : test.conditions()) {
            if (!c.appliesTo(model)) {
                continue;
            }
            final boolean holds = Conditions.holds(c.expr(), state);
            if (c.kind() == Condition.Kind.EXPECT && !holds) {
                failures.add("line " + c.line() + ": " + c.text() + " does not hold");
            } else if (c.kind() == Condition.Kind.FORBID && holds) {
                failures.add("line " + c.line() + ": " + c.text() + " holds");
            } else if (c.kind() == Condition.Kind.EXISTS && holds) {
                witnessed.add("line " + c.line() + ": " + c.text());
            }
        }
        if (r.failure() != null) {
            failures.add("execution failed: " + r.failure());
        }
        final List<String> details = new ArrayList<>();
        final List<HuntOutcome.Call> calls = new ArrayList<>();
        for (final ProcessActor.TraceLine t : r.trace()) {
            details.add(String.format("%s line %d: %-40s -> %s", t.process(), t.line(), t.source(), show(t.result())));
            calls.add(new HuntOutcome.Call(t.process(), t.line(), t.source(), show(t.result())));
        }
        final String line = LitmusFormat.stateLine(test, state);
        return new HuntOutcome(line.isEmpty() ? "(no registers)" : line, r.violations(), r.events(), failures, details,
            calls, witnessed);
    }

    private static String show(final SyscallResult result) {
        if (result instanceof SyscallResult.Count c) {
            return Long.toString(c.value());
        } else if (result instanceof SyscallResult.Failure f) {
            return f.errno().name();
        }
        return LitmusFormat.data(Bytes.of(((SyscallResult.Data) result).bytes()));
    }

    static String sha256(final String text) {
        try {
            return "sha256:" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
