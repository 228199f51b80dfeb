package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import java.util.Map;
import org.splicelab.actors.Kernel;

/**
 * What a hunt explores: a small world of actors that runs once per schedule. The same target runs on
 * the deterministic runtime ({@link Hunter}) and on the real dispatcher ({@link StressHunter}). A
 * {@code .litmus} file is one ({@link LitmusTarget}), a load scenario another ({@link ScenarioTarget}); tests
 * build others from actors of their own.
 */
public interface HuntTarget {
    /** A short name, used in replay file names. */
    String name();

    /**
     * How a replay file finds the target again: the absolute path of a {@code .litmus} file,
     * {@code scenario:NAME} or {@code scenario:/path.conf} of a scenario, or {@code class:FQCN} of a target
     * with a public no-argument constructor.
     */
    String reference();

    /**
     * Settings that change what the target runs beside its text (a scenario's loop iterations), written
     * to the replay file as {@code target-parameters} and given back when it is resolved. None by default.
     */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** A checksum of what the target runs ({@code sha256:...} of a litmus file), to flag a changed target. */
    String checksum();

    /**
     * The {@code exists} conditions that apply under {@code model}, as {@code line N: C} (what an outcome
     * lists in {@link HuntOutcome#witnessed()}); none by default.
     */
    default java.util.List<String> sometimes(final org.splicelab.protocols.KernelModel model) {
        return java.util.List.of();
    }

    /** Page frames the target's arena needs. */
    default int frames() {
        return 1024;
    }

    /**
     * The root of one schedule: it spawns the world as its children and, once the world is over and
     * every page it held is released, tells {@code done} the outcome (exactly once).
     */
    Behavior<?> root(Kernel kernel, ActorRef<HuntOutcome> done);

    /**
     * The root of one real-thread iteration ({@link StressHunter}); {@code seed} (different for every
     * iteration, derived from the hunt's seed) may drive timing jitter. By default the same root.
     */
    default Behavior<?> stressRoot(final Kernel kernel, final ActorRef<HuntOutcome> done, final long seed) {
        return root(kernel, done);
    }
}
