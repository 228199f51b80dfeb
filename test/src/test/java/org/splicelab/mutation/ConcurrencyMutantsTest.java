package org.splicelab.mutation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.splicelab.memory.Mutant;

/**
 * The project's own concurrency mutants (docs/mutation.md): for each {@link Mutant}, a JVM of its own
 * with {@code -Dsplicelab.mutant=NAME} runs the default-suite tests and documented hunts listed for it
 * ({@link #CATCHERS}); the mutant is killed when at least one of them fails. Which ones failed, and
 * why, goes to {@code test/target/mutation/NAME.txt} and to the output. {@code mvn -B verify -Pmutation}.
 */
@Tag("mutation")
class ConcurrencyMutantsTest {
    /**
     * What is run against each mutant: test classes or methods of the default suite. The list is what
     * should catch it; every one of them is run, so the report says all that did.
     */
    static final Map<Mutant, List<String>> CATCHERS = Map.of(
        Mutant.LOST_WAKEUP, List.of(
            "org.splicelab.hunt.MutationReachHuntTest",
            "org.splicelab.hunt.ScenarioHuntTest",
            "org.splicelab.conformance.KernelConformanceTest"),
        Mutant.NONATOMIC_FREEZE, List.of(
            "org.splicelab.hunt.MemoryPointsHuntTest",
            "org.splicelab.stress.PageArenaStressTest",
            "org.splicelab.stress.PageCacheStressTest"),
        Mutant.EXTRA_PUT_PARTIAL_SPLICE_READ, List.of(
            "org.splicelab.hunt.MutationReachHuntTest",
            "org.splicelab.conformance.KernelConformanceTest"),
        Mutant.DOUBLE_PUT_SOCKET_FRAGMENTS_ON_CLOSE, List.of(
            "org.splicelab.hunt.MutationReachHuntTest",
            "org.splicelab.conformance.KernelConformanceTest"));

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void shouldBeCaughtByTheDefaultSuiteOrADocumentedHunt(final Mutant mutant) throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(System.getProperty("splicelab.jvm.flags",
            "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/jdk.internal.util=ALL-UNNAMED "
                + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED")
            .trim().split("\\s+")));
        command.add("-Xmx2g");
        command.add("-D" + Mutant.PROPERTY + "=" + mutant.name());
        command.add("-Dsplicelab.stress.seconds=" + System.getProperty("splicelab.stress.seconds", "2"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MutantProbe.class.getName());
        command.addAll(CATCHERS.get(mutant));
        final Path dir = Files.createDirectories(Path.of("target", "mutation"));
        final Path log = dir.resolve(mutant.name() + ".log");
        final long start = System.nanoTime();
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), mutant + ": the probe did not end in 20 minutes (" + log + ")");
        final double seconds = (System.nanoTime() - start) / 1e9;
        final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        final List<String> results = lines.stream().filter(l -> l.startsWith("CAUGHT ") || l.startsWith("PASSED "))
            .collect(Collectors.toList());
        final boolean active = lines.contains("mutant " + mutant.name());
        final List<String> caught = results.stream().filter(l -> l.startsWith("CAUGHT ")).collect(Collectors.toList());
        final String report = String.format("%s: %s in %.0f s (%d of %d tests failed)%n%s%n", mutant,
            caught.isEmpty() ? "SURVIVED" : "KILLED", seconds, caught.size(), results.size(),
            caught.stream().map(l -> "  " + l).collect(Collectors.joining("\n")));
        write(dir.resolve(mutant.name() + ".txt"), report);
        System.out.print(report);
        assertTrue(active, mutant + ": the probe's JVM did not have the mutant on; see " + log);
        assertTrue(!results.isEmpty(), mutant + ": the probe ran no test; see " + log);
        assertTrue(!caught.isEmpty(), mutant + " SURVIVED: none of " + CATCHERS.get(mutant) + " failed; see " + log);
    }

    private static void write(final Path file, final String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
