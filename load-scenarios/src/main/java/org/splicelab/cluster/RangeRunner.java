package org.splicelab.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.hunt.HuntTarget;
import org.splicelab.hunt.Hunter;
import org.splicelab.hunt.LitmusTarget;
import org.splicelab.hunt.ReplayFile;
import org.splicelab.hunt.ScenarioTarget;
import org.splicelab.kernel.Fuzzer;
import org.splicelab.kernel.Host;
import org.splicelab.kernel.KernelRunner;
import org.splicelab.protocols.KernelModel;

/**
 * Runs one {@link Work.Range} on this node: a worker's only job, and a local sweep's. It keeps one
 * deterministic runtime (and, for fuzz ranges, one simulator) for all the ranges it runs, and the last
 * target it compiled, so a job's ranges after the first pay for neither. Not thread-safe: one per worker.
 */
public final class RangeRunner implements AutoCloseable {
    /** The most a replay file's text may be to travel back in one message (Artery's frame is 8 MiB, gzip'd). */
    static final int MAX_REPLAY_CHARS = 32 << 20;

    private final String node;
    private DeterministicRuntime runtime;
    private Simulator simulator;
    private Work.HuntSpec lastSpec;
    private HuntTarget lastTarget;

    public RangeRunner(final String node) {
        this.node = node;
    }

    /** Runs {@code r}; {@code stop} answers a reason once the range should end between two schedules. */
    public Work.RangeResult run(final Work.Range r, final Supplier<String> stop) {
        final long t0 = System.nanoTime();
        try {
            return r.kind() == Work.Kind.HUNT ? hunt(r, stop) : fuzz(r);
        } catch (RuntimeException | LinkageError e) {
            return Work.RangeResult.failed(r.index(), node, e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()), (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The target a spec names, compiled from the text it carries (the last one is kept). */
    public HuntTarget target(final Work.HuntSpec s) {
        if (!s.equals(lastSpec)) {
            lastTarget = s.reference().startsWith(ScenarioTarget.PREFIX)
                ? ScenarioTarget.fromText(s.reference(), s.text(), s.loopIterations())
                : LitmusTarget.fromText(Path.of(s.reference()), s.text());
            lastSpec = s;
        }
        return lastTarget;
    }

    private Work.RangeResult hunt(final Work.Range r, final Supplier<String> stop) {
        final Work.HuntSpec s = r.hunt();
        final HuntTarget t = target(s);
        final KernelModel model = KernelModel.fromId(s.model());
        final Hunter.Options o = new Hunter.Options(model, "random".equals(s.strategy()) ? Hunter.StrategyKind.RANDOM
            : Hunter.StrategyKind.PCT, r.count(), r.firstSeed(), s.pctDepth(), null, 1_000_000, s.pctK(),
            s.memoryPoints());
        if (runtime == null) {
            runtime = new DeterministicRuntime();
        }
        final Hunter.Report rep = new Hunter(runtime).stopWhen(stop).hunt(t, o);
        final double seconds = rep.elapsed().toNanos() / 1e9;
        if (rep.found() == null) {
            return new Work.RangeResult(r.index(), node, rep.interrupted() != null ? Work.Status.STOPPED
                : Work.Status.RAN, rep.interrupted(), rep.schedules(), rep.steps(), rep.decisions(), seconds,
                rep.pctSteps(), rep.chains(), -1, List.of(), false, null, null, 0, 0, 0, 0, List.of(), null);
        }
        final Hunter.Found f = rep.found();
        final ReplayFile file = f.replay();
        String text = file.render();
        String why = f.confirmed() ? null : "its confirming replay on " + node + " did not reproduce it ("
            + f.unconfirmedBecause() + ")";
        if (text.length() > MAX_REPLAY_CHARS) {
            why = (why == null ? "" : why + "; ") + "its replay file (" + text.length() + " characters) is too large to "
                + "send back: re-run this range with hunt --seed " + r.firstSeed() + " --schedules " + r.count();
            text = null;
        }
        return new Work.RangeResult(r.index(), node, why == null ? Work.Status.FOUND : Work.Status.FAILED, why,
            rep.schedules(), rep.steps(), rep.decisions(), seconds, rep.pctSteps(), rep.chains(), f.seed(),
            List.copyOf(f.outcome().findings()), f.confirmed(), file.fileName(), text, 0, 0, 0, 0, List.of(), null);
    }

    private Work.RangeResult fuzz(final Work.Range r) {
        if (simulator == null) {
            simulator = new Simulator();
        }
        final Work.FuzzSpec s = r.fuzz();
        final Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        final Fuzzer.Summary sum = new Fuzzer(simulator, new KernelRunner.Options(s.processes() == 1 ? 1 : s.runs(),
            Duration.ofSeconds(5), Duration.ofSeconds(10), dir, r.firstSeed()), s.processes())
            .run(Math.toIntExact(r.count()), r.firstSeed(), line -> { });
        final List<Work.FuzzFinding> found = new ArrayList<>();
        for (final Fuzzer.Finding f : sum.findings().values()) {
            found.add(new Work.FuzzFinding(f.signature(), f.count(), f.source()));
        }
        return new Work.RangeResult(r.index(), node, found.isEmpty() ? Work.Status.RAN : Work.Status.FOUND, null,
            sum.programs(), 0, 0, sum.millis() / 1000.0, 0, 0, -1, List.of(), false, null, null, sum.agreeing(),
            sum.skipped(), sum.unreproduced(), sum.notExhaustive(), found,
            "Linux " + Host.release() + " " + Host.machine() + " (" + Host.fsType(dir) + ")");
    }

    @Override
    public void close() {
        if (runtime != null) {
            runtime.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
