package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.protocols.KernelModel;

/**
 * The kernel conformance suite: every litmus file in {@code src/test/resources/conformance} (each
 * checked against Linux 6.18 by a program in {@code test/kernel-checks}) must pass under {@code linux}
 * with no violation and no leak.
 */
class KernelConformanceTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @TestFactory
    Stream<DynamicTest> everyConformanceTestPassesUnderLinux() {
        final List<Path> files = LitmusSuite.files("conformance");
        assertFalse(files.isEmpty(), "the conformance suite has litmus files");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            final LitmusRunner.Outcome o = LitmusSuite.run(simulator, f, KernelModel.LINUX);
            assertFalse(o.verdicts().isEmpty(), "a conformance test must check something: " + f);
            assertTrue(o.ok(), () -> LitmusSuite.describe(o));
        }));
    }
}
