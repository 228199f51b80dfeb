package org.splicelab.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.WorldSpec;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusReport;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.protocols.KernelModel;

/** Finds the .litmus files of a test-resource folder and runs them as the command would. */
final class LitmusSuite {
    private LitmusSuite() {
    }

    static List<Path> files(final String folder) {
        final URL url = LitmusSuite.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException("test resource folder " + folder + " is missing");
        }
        try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
            return s.filter(p -> p.toString().endsWith(".litmus")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code file} under {@code model}; returns the outcome (the report is in its text). */
    static LitmusRunner.Outcome run(final Simulator simulator, final Path file, final KernelModel model) {
        try {
            final String text = Files.readString(file, StandardCharsets.UTF_8);
            final LitmusTest test = LitmusParser.parse(file.getFileName().toString(), text);
            final WorldSpec world = LitmusCompiler.compile(test, file.getFileName().toString(), text);
            return new LitmusRunner(simulator).run(test, world, model, LitmusRunner.Options.DEFAULT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(final LitmusRunner.Outcome o) {
        return LitmusReport.text(o);
    }
}
