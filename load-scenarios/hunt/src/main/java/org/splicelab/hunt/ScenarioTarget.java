package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.Behaviors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.splicelab.actors.Kernel;
import org.splicelab.memory.Violation;
import org.splicelab.memory.ViolationEvent;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.BuiltInScenarios;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioBehaviors;
import org.splicelab.scenario.ScenarioException;
import org.splicelab.scenario.ScenarioOutcome;
import org.splicelab.scenario.ScenarioParser;

/**
 * A load scenario (a built-in name or a {@code .conf} file) as a hunt target: each schedule runs the
 * scenario engine's own actor ({@link ScenarioBehaviors}) on the hunt's kernel, bounded by loop
 * iterations instead of time, and has found something when the run reported a violation (a leak is
 * one), a process failed, or the bytes did not balance (unless the scenario says
 * {@code bytes-balanced = false}). Throughput assertions mean nothing in virtual time and are not
 * checked.
 *
 * <p>What a hunt runs ({@link #hunted()}) differs from a load run in three ways: every process runs
 * {@link #loopIterations()} iterations of its loop ({@code hunt --loop-iterations}, else the scenario's
 * {@code iterations}, else {@value #DEFAULT_LOOP_ITERATIONS}; recorded in the replay file); the run's {@code duration}
 * (default {@link #DEFAULT_TIME_LIMIT}) is only a time limit, on the virtual clock, which advances only
 * while no actor can move (think times, faults, blocked processes), so it ends a run whose processes
 * are stuck the way a load run ends; and a role's {@code rate} becomes a think time of one period
 * (pacing reads the wall clock, which a replayable run must not). Faults fire on the virtual clock too,
 * so they strike only when every actor is idle: a fault racing a system call needs {@code --stress}.
 * The timeline is sampled once per time limit (its figures are not used).
 *
 * <p>{@code --stress} ({@link #stressRoot}) runs the same on real threads with real timers, but with a
 * time limit of at most {@link #STRESS_TIME_LIMIT} and a grace of {@link #STRESS_GRACE} for the calls in
 * progress at the end, so an iteration whose processes are stuck costs about a second, not the
 * scenario's duration. Faults with longer periods never fire there.
 */
public final class ScenarioTarget implements HuntTarget {
    /** Loop iterations per process when neither the scenario nor the command line says. */
    public static final long DEFAULT_LOOP_ITERATIONS = 3;
    /** The virtual time limit when the scenario has no {@code duration}. */
    public static final Duration DEFAULT_TIME_LIMIT = Duration.ofSeconds(10);
    /** How a replay file names a scenario target: {@code scenario:NAME} (built-in) or {@code scenario:/path.conf}. */
    public static final String PREFIX = "scenario:";
    /** The replay file's {@code target-parameters} key for the loop iterations. */
    public static final String LOOP_ITERATIONS = "loop-iterations";
    /** The most a {@code --stress} iteration runs (real time) before its processes are told to finish. */
    public static final Duration STRESS_TIME_LIMIT = Duration.ofSeconds(1);
    /** How long a {@code --stress} iteration's calls in progress may take after its time limit. */
    public static final Duration STRESS_GRACE = Duration.ofMillis(100);
    /** A load run's grace period (virtual time on the deterministic runtime, so it costs nothing). */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final String source;
    private final String text;
    private final String checksum;
    private final Scenario scenario;
    private final Scenario hunted;
    private final Scenario stressed;
    private final long loopIterations;

    private ScenarioTarget(final String source, final String text, final Scenario scenario, final Long loopIterations) {
        this.source = source;
        this.text = text;
        this.checksum = LitmusTarget.sha256(text);
        this.scenario = scenario;
        this.loopIterations = loopIterations != null ? loopIterations
            : scenario.iterations() > 0 ? scenario.iterations() : DEFAULT_LOOP_ITERATIONS;
        if (this.loopIterations < 1) {
            throw new ScenarioException("loop iterations must be at least 1, not " + this.loopIterations);
        }
        this.hunted = hunted(scenario, this.loopIterations);
        this.stressed = withTimeLimit(hunted, hunted.duration().compareTo(STRESS_TIME_LIMIT) <= 0 ? hunted.duration()
            : STRESS_TIME_LIMIT);
    }

    /**
     * A built-in scenario by name, else a scenario file by path (as {@code ./splicelab run} finds them).
     * Bad input throws {@link ScenarioException} (file:line, key, what was expected).
     *
     * @param loopIterations iterations of every process's loop; null: the scenario's, else the default
     */
    public static ScenarioTarget load(final String nameOrPath, final Long loopIterations) {
        final String builtIn = BuiltInScenarios.NAMES.contains(nameOrPath) ? BuiltInScenarios.text(nameOrPath) : null;
        if (builtIn != null) {
            return new ScenarioTarget(nameOrPath, builtIn, ScenarioParser.parse(nameOrPath + ".conf (built-in)", builtIn),
                loopIterations);
        }
        final Path path = Path.of(nameOrPath);
        final String text;
        try {
            text = org.splicelab.scenario.TextFiles.read(path);
        } catch (org.splicelab.scenario.TextFiles.NotText e) {
            throw new ScenarioException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(nameOrPath + ": no such scenario file, and not a built-in scenario (one of "
                + String.join(", ", BuiltInScenarios.NAMES) + ")");
        } catch (IOException e) {
            throw new ScenarioException(nameOrPath + ": cannot read: " + BuiltInScenarios.reason(e), e);
        }
        return new ScenarioTarget(path.toAbsolutePath().normalize().toString(), text,
            ScenarioParser.parse(path.toString(), text), loopIterations);
    }

    /**
     * A scenario target from its text: {@code reference} as {@link #reference()} gives it (a built-in's
     * name or a file's absolute path after {@code scenario:}), as a cluster worker gets it from the user's
     * machine. Bad input throws {@link ScenarioException}.
     */
    public static ScenarioTarget fromText(final String reference, final String text, final Long loopIterations) {
        if (!reference.startsWith(PREFIX)) {
            throw new ScenarioException("expected a scenario reference (" + PREFIX + "NAME or " + PREFIX
                + "PATH), found " + reference);
        }
        final String source = reference.substring(PREFIX.length());
        final String label = BuiltInScenarios.NAMES.contains(source) ? source + ".conf (built-in)" : source;
        return new ScenarioTarget(source, text, ScenarioParser.parse(label, text), loopIterations);
    }

    /** The scenario's text as it was read (a built-in's resource, else the file's). */
    public String text() {
        return text;
    }

    /** What a hunt runs: see the class comment. */
    static Scenario hunted(final Scenario s, final long loopIterations) {
        final Duration limit = s.duration() != null ? s.duration() : DEFAULT_TIME_LIMIT;
        final List<Scenario.Role> roles = new ArrayList<>();
        for (final Scenario.Role r : s.roles()) {
            Duration think = r.thinkTime();
            if (r.rate() > 0) {
                final Duration period = Duration.ofNanos((long) (1e9 / r.rate()));
                think = think.compareTo(period) >= 0 ? think : period;
            }
            roles.add(new Scenario.Role(r.name(), r.count(), r.pipes(), r.sockets(), r.memory(), think, 0,
                r.loop(), r.threads(), r.fds()));
        }
        return new Scenario(s.name(), s.description(), s.model(), s.seed(), limit, loopIterations, s.arenaFrames(),
            limit, s.stealOnlyWithMove(), s.files(), s.pipes(), s.sockets(), List.copyOf(roles), s.faults(),
            s.assertions(), s.relays());
    }

    private static Scenario withTimeLimit(final Scenario s, final Duration limit) {
        return new Scenario(s.name(), s.description(), s.model(), s.seed(), limit, s.iterations(), s.arenaFrames(),
            limit, s.stealOnlyWithMove(), s.files(), s.pipes(), s.sockets(), s.roles(), s.faults(), s.assertions(),
            s.relays());
    }

    /** The scenario as written. */
    public Scenario scenario() {
        return scenario;
    }

    /** The scenario as each schedule runs it (loop iterations, virtual time limit, no rate pacing). */
    public Scenario hunted() {
        return hunted;
    }

    public long loopIterations() {
        return loopIterations;
    }

    /** The scenario's model (its {@code model}, else linux). */
    public KernelModel defaultModel() {
        return scenario.model();
    }

    @Override
    public String name() {
        return scenario.name();
    }

    /** {@code scenario:NAME} for a built-in, {@code scenario:/absolute/path.conf} for a file. */
    @Override
    public String reference() {
        return PREFIX + source;
    }

    @Override
    public String checksum() {
        return checksum;
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of(LOOP_ITERATIONS, Long.toString(loopIterations));
    }

    @Override
    public int frames() {
        return scenario.arenaFrames();
    }

    /**
     * Spawns the scenario's actor and, once it has stopped (after every process and object it spawned),
     * tells {@code done} the judged outcome. A scenario with {@code steal-only-with-move} runs on a
     * kernel with that option over the same arena and vectors.
     */
    @Override
    public Behavior<?> root(final Kernel kernel, final ActorRef<HuntOutcome> done) {
        return root(kernel, done, hunted, GRACE, true);
    }

    /** The same run on real threads, with the short time limit and grace of the class comment. */
    @Override
    public Behavior<?> stressRoot(final Kernel kernel, final ActorRef<HuntOutcome> done, final long seed) {
        return root(kernel, done, stressed, STRESS_GRACE, false);
    }

    /**
     * @param deadlocks whether processes still blocked when the run's time limit ended it are a finding:
     *                  on the virtual clock the limit comes only when no actor can move, so they are
     *                  deadlocked (a lost wake-up); on real threads they may only be slow
     */
    private Behavior<?> root(final Kernel kernel, final ActorRef<HuntOutcome> done, final Scenario run,
                             final Duration grace, final boolean deadlocks) {
        final Kernel k;
        if (run.stealOnlyWithMove() != kernel.options().stealOnlyWithMove()) {
            k = new Kernel(kernel.arena(), kernel.vectors(), kernel.model(), new Kernel.Options(run.stealOnlyWithMove()));
            k.deadlockByQuiescence(kernel.deadlockByQuiescence());
            k.stepLocalCalls(kernel.stepLocalCalls());
            k.monitor(kernel.monitor());
        } else {
            k = kernel;
        }
        return Behaviors.setup(ctx -> {
            final CompletableFuture<ScenarioOutcome> result = new CompletableFuture<>();
            ctx.watch(ctx.spawn(ScenarioBehaviors.scenario(k, run, result, grace), "scenario"));
            return Behaviors.receive(Object.class)
                .onSignal(Terminated.class, t -> {
                    done.tell(judge(result, deadlocks));
                    return Behaviors.stopped();
                })
                .build();
        });
    }

    private HuntOutcome judge(final CompletableFuture<ScenarioOutcome> result, final boolean deadlocks) {
        if (!result.isDone()) {
            return HuntOutcome.failed("the scenario stopped without an outcome");
        }
        try {
            final ScenarioOutcome o = result.join();
            final HuntOutcome judged = judge(o);
            if (!deadlocks || o.blockedAtEnd().isEmpty()) {
                return judged;
            }
            return judged.plus(Set.of(), List.of(), List.of("deadlock: " + String.join(", ", o.blockedAtEnd())
                + " still blocked in a call when nothing else could move (the virtual time limit ended the run)"));
        } catch (CompletionException e) {
            return HuntOutcome.failed("the scenario failed: " + e.getCause());
        }
    }

    /**
     * A run's outcome: its violations (a leak is one), a failed process and unbalanced bytes are
     * findings; the figures become detail lines. Leak events are left to the runner, which checks the
     * arena again once the run is over (so they are not listed twice).
     */
    public HuntOutcome judge(final ScenarioOutcome o) {
        final Set<Violation> violations = EnumSet.noneOf(Violation.class);
        final List<String> details = new ArrayList<>();
        final Map<String, Long> st = o.stats();
        details.add(String.format("%d syscalls (%d errors); pages by reference %d, copied %d; steals %d of %d",
            st.getOrDefault("syscalls", 0L), st.getOrDefault("errors", 0L), st.getOrDefault("pages-by-reference", 0L),
            st.getOrDefault("pages-copied", 0L), st.getOrDefault("steals-succeeded", 0L),
            st.getOrDefault("steals-tried", 0L)));
        final long discarded = o.discarded().values().stream().mapToLong(Long::longValue).sum();
        details.add("bytes in " + o.bytesIn() + " = delivered " + o.bytesOut() + " + discarded " + discarded
            + (o.discarded().isEmpty() ? "" : " " + o.discarded()));
        if (!o.faults().isEmpty()) {
            details.add("faults: " + o.faults());
        }
        o.violations().forEach((id, n) -> {
            if (n > 0) {
                violations.add(Violation.fromId(id));
                details.add("violation " + id + " reported " + n + " time" + (n == 1 ? "" : "s"));
            }
        });
        if (o.leakedPages() > 0) {
            details.add("leaked pages: " + o.leakedPages());
        }
        final List<String> failures = new ArrayList<>();
        if (o.failure() != null) {
            failures.add("process failed: " + o.failure());
        }
        if (!Boolean.FALSE.equals(scenario.assertions().bytesBalanced()) && o.bytesIn() != o.bytesOut() + discarded) {
            failures.add("bytes-balanced does not hold: in " + o.bytesIn() + " != delivered " + o.bytesOut()
                + " + discarded " + discarded);
        }
        final List<ViolationEvent> events = o.events().stream().filter(e -> e.violation() != Violation.PAGE_LEAK).toList();
        return new HuntOutcome("ended", violations, events, failures, details);
    }

    /**
     * The target a replay file's {@code scenario:} reference names: a built-in name, else a path (as
     * written, else relative to the replay file's folder, else the file of that name beside it).
     */
    static ScenarioTarget resolve(final String reference, final Map<String, String> parameters, final Path replayFile) {
        final String source = reference.substring(PREFIX.length());
        final String n = parameters.get(LOOP_ITERATIONS);
        final Long iterations;
        try {
            iterations = n == null ? null : Long.parseLong(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target-parameters." + LOOP_ITERATIONS + ": expected a whole number, found '"
                + n + "'", e);
        }
        if (BuiltInScenarios.NAMES.contains(source)) {
            return load(source, iterations);
        }
        Path p = Path.of(source);
        final Path dir = replayFile == null || replayFile.toAbsolutePath().getParent() == null ? Path.of(".")
            : replayFile.toAbsolutePath().getParent();
        if (!Files.exists(p) && !p.isAbsolute()) {
            p = dir.resolve(source);
        }
        if (!Files.exists(p) && p.getFileName() != null) {
            p = dir.resolve(p.getFileName().toString());
        }
        if (!Files.exists(p)) {
            throw new IllegalArgumentException("expected a built-in scenario or a scenario file (as written, or beside "
                + "the replay file), found " + reference + ": no such scenario");
        }
        return load(p.toString(), iterations);
    }
}
