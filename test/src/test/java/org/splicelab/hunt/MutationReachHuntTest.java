package org.splicelab.hunt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.protocols.KernelModel;

/**
 * The hunts that reach the project's concurrency mutants (docs/mutation.md): the built-in
 * {@code relay-drain} (processes share a pipe and a socket, a producer waits on a relay's drain,
 * unaligned splices, fragments left in the socket at exit) under the designs, each from a fixed seed.
 * On the real code they find nothing; with a mutant on ({@code -Dsplicelab.mutant=NAME}) they fail
 * with the finding and its replay file. Each is the same as
 * {@code ./splicelab hunt relay-drain --model M --seed S --schedules N}.
 */
class MutationReachHuntTest {
    private static final long SCHEDULES = 200;

    @Test
    @Timeout(120)
    void shouldFindNothingInTheRelayDrainUnderLinux() {
        System.out.println(HuntAssertions.assertNothingFound(ScenarioTarget.load("relay-drain", null),
            Hunter.Options.of(KernelModel.LINUX, SCHEDULES, 1)).summary());
    }

    @Test
    @Timeout(120)
    void shouldFindNothingInTheRelayDrainUnderPrivatePagesWithMemoryPoints() {
        System.out.println(HuntAssertions.assertNothingFound(ScenarioTarget.load("relay-drain", null),
            Hunter.Options.of(KernelModel.PRIVATE_PAGES, SCHEDULES, 1).withMemoryPoints(true)).summary());
    }
}
