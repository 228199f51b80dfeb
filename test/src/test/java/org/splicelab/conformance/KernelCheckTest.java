package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.splicelab.actors.Simulator;
import org.splicelab.kernel.Host;
import org.splicelab.kernel.KernelComparison;
import org.splicelab.kernel.KernelRunner;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.protocols.KernelModel;

/**
 * {@code litmus --check-kernel} on every conformance file: the model ({@code linux}) and this host's
 * kernel on the same file, compared (ADR 0014). Every file agrees except those listed in
 * {@code docs/kernel-disagreements.md}, and every listed one must still differ: the list is checked
 * exactly, so it stays true. A multi-process file runs at most {@link #RUNS} times on the kernel.
 */
class KernelCheckTest {
    static final int RUNS = 200;
    private static final Pattern LISTED = Pattern.compile("^- `(conformance/[^`]+\\.litmus)`", Pattern.MULTILINE);
    private static Simulator simulator;
    private static long started;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
        started = System.nanoTime();
        System.out.println("KernelCheckTest: Linux " + Host.release() + ", files in "
            + System.getProperty("java.io.tmpdir") + " (" + Host.fsType(Path.of(System.getProperty("java.io.tmpdir"))) + ")");
    }

    @AfterAll
    static void stop() {
        System.out.printf("KernelCheckTest: %.1f s%n", (System.nanoTime() - started) / 1e9);
        simulator.close();
    }

    static Set<String> listed() throws IOException {
        final String doc = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../docs/kernel-disagreements.md"),
            StandardCharsets.UTF_8);
        final Set<String> out = new LinkedHashSet<>();
        final Matcher m = LISTED.matcher(doc);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static KernelComparison.Result check(final Simulator simulator, final Path file) throws IOException {
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        final String name = file.getFileName().toString();
        final LitmusTest test = LitmusParser.parse(name, text);
        final var world = LitmusCompiler.compile(test, name, text);
        final LitmusRunner.Outcome model = new LitmusRunner(simulator).run(test, world, KernelModel.LINUX,
            LitmusRunner.Options.DEFAULT);
        final KernelRunner.KernelOutcome kernel = KernelRunner.run(test, world, KernelModel.LINUX,
            new KernelRunner.Options(RUNS, Duration.ofSeconds(2), Duration.ofSeconds(10),
                Path.of(System.getProperty("java.io.tmpdir")), 1));
        return KernelComparison.compare(model, kernel);
    }

    @Test
    void everyListedDisagreementIsAConformanceFile() throws IOException {
        final Set<String> files = new LinkedHashSet<>();
        LitmusSuite.files("conformance").forEach(f -> files.add("conformance/" + f.getFileName()));
        final List<String> missing = new ArrayList<>(listed());
        missing.removeAll(files);
        assertEquals(List.of(), missing, "docs/kernel-disagreements.md lists files that are not in the suite");
    }

    @TestFactory
    Stream<DynamicTest> everyConformanceFileAgreesWithTheKernelExceptTheListedOnes() throws IOException {
        final List<Path> files = LitmusSuite.files("conformance");
        assertFalse(files.isEmpty());
        final Set<String> listed = listed();
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            final KernelComparison.Result r = check(simulator, f);
            if (listed.contains("conformance/" + f.getFileName())) {
                assertFalse(r.agrees(), () -> "listed in docs/kernel-disagreements.md but agrees now: take it off the "
                    + "list\n" + KernelComparison.text(r));
            } else {
                assertTrue(r.agrees(), () -> KernelComparison.text(r));
            }
        }));
    }
}
