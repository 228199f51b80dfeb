package org.splicelab.cli;

import java.time.Duration;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.Durations;
import org.splicelab.scenario.Limits;
import org.splicelab.scenario.Scenario;

/** Helpers of the load commands (run, compare, bench): durations, overrides, a run with progress. */
final class RunOptions {
    private RunOptions() {
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, or a number of seconds; from 1ms to 7d. */
    static Duration duration(final String text, final String option) {
        return duration(text, option, Limits.MIN_DURATION);
    }

    /** A duration of at least {@code min} and at most 7d. */
    static Duration duration(final String text, final String option, final Duration min) {
        return Durations.parse(option, text, 1_000_000_000L, min, Durations.MAX);
    }

    /** Runs {@code s} under {@code m} with live progress on {@code err} (a bar on a terminal, lines otherwise). */
    static org.splicelab.report.RunReport runWithProgress(final Scenario s, final KernelModel m,
                                                         final java.io.PrintWriter err) {
        try (Progress progress = new Progress(err, s.name() + "/" + m.id(),
            s.duration() == null ? 0 : s.duration().toMillis() / 1000.0)) {
            return org.splicelab.scenario.ScenarioRunner.run(s, m, Duration.ofMillis(250), progress,
                Interrupts::requested);
        }
    }

    /** The built-in or file {@code target} (default scenario when null) with the overrides applied. */
    static Scenario load(final String target, final String duration, final Long seed) {
        return override(org.splicelab.scenario.BuiltInScenarios.load(
                target == null ? org.splicelab.scenario.BuiltInScenarios.defaultName() : target),
            duration == null ? null : duration(duration, "--duration"), seed);
    }

    /** The scenario with the overrides applied. */
    static Scenario override(final Scenario s, final Duration duration, final Long seed) {
        final Duration d = duration != null ? duration : s.duration();
        return new Scenario(s.name(), s.description(), s.model(), seed != null ? seed : s.seed(), d,
            duration != null ? 0 : s.iterations(), s.arenaFrames(), s.sampleInterval(), s.stealOnlyWithMove(),
            s.files(), s.pipes(), s.sockets(), s.roles(), s.faults(), s.assertions(), s.relays());
    }
}
