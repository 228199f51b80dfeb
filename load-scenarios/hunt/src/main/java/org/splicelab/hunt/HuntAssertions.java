package org.splicelab.hunt;

import java.nio.file.Path;
import org.splicelab.actors.deterministic.DeterministicRuntime;

/**
 * A hunt as a unit test: {@code @Test void noRace() { HuntAssertions.assertNothingFound(target, options); }}
 * runs the schedules on the process-wide {@link DeterministicRuntime#shared() deterministic runtime}
 * and fails with the finding and the replay file's path ({@code ./splicelab replay PATH} reproduces
 * it). Throws {@link AssertionError}, which every test framework reports as a failure.
 */
public final class HuntAssertions {
    /** Where replay files go when the options name no folder. */
    public static final Path DEFAULT_OUT = Path.of("target", "hunt");

    private HuntAssertions() {
    }

    /** Fails when any schedule finds something; returns the report (print its summary for the figures). */
    public static Hunter.Report assertNothingFound(final HuntTarget target, final Hunter.Options options) {
        final Hunter.Report r = hunt(target, options);
        if (r.failed()) {
            throw new AssertionError("hunt of " + target.name() + " under " + options.model().id() + " failed: "
                + r.summary());
        }
        if (r.found() != null) {
            throw new AssertionError("hunt of " + target.name() + " under " + options.model().id() + " found "
                + String.join(", ", r.found().outcome().findings()) + " in schedule " + r.found().schedule()
                + " (seed " + r.found().seed() + "); replay: ./splicelab replay " + r.found().replayPath()
                + "\n" + r.summary());
        }
        return r;
    }

    /** Fails unless a schedule finds {@code finding} (e.g. {@code violation(page-leak)}); returns what was found. */
    public static Hunter.Found assertFinds(final HuntTarget target, final Hunter.Options options, final String finding) {
        final Hunter.Report r = hunt(target, options);
        if (r.found() == null || !r.found().outcome().findings().contains(finding)) {
            throw new AssertionError("hunt of " + target.name() + " under " + options.model().id() + " did not find "
                + finding + "\n" + r.summary());
        }
        if (!r.found().confirmed()) {
            throw new AssertionError("the finding did not replay: " + r.summary());
        }
        return r.found();
    }

    private static Hunter.Report hunt(final HuntTarget target, final Hunter.Options options) {
        final Hunter.Options o = options.outDir() != null ? options : options.withOutDir(DEFAULT_OUT);
        return new Hunter(DeterministicRuntime.shared()).hunt(target, o);
    }
}
