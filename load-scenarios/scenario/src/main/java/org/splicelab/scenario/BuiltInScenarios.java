package org.splicelab.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The scenarios shipped in the jar ({@code load-scenarios/scenarios/*.conf}), and the lookup of a
 * {@code SCENARIO|FILE} argument: a built-in name, else a path.
 */
public final class BuiltInScenarios {
    /** Built-in names in listing order; the first is what {@code ./splicelab run} runs. */
    public static final List<String> NAMES = List.of("webserver-sendfile", "proxy-splice", "vmsplice-gift",
        "tee-fanout", "writer-vs-splicer", "memory-pressure", "dirty-pipe", "threads-gift", "relay-drain", "udp-datagrams",
        "devzero-splice", "notification-queue", "relay-tracer");

    private BuiltInScenarios() {
    }

    /** The default scenario of {@code ./splicelab run}. */
    public static String defaultName() {
        return NAMES.get(0);
    }

    /** The text of built-in {@code name}, or null when there is none. */
    public static String text(final String name) {
        try (InputStream in = BuiltInScenarios.class.getResourceAsStream("/scenarios/" + name + ".conf")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a built-in by name, or a scenario file by path; bad input throws {@link ScenarioException}. */
    public static Scenario load(final String nameOrPath) {
        final String builtIn = NAMES.contains(nameOrPath) ? text(nameOrPath) : null;
        if (builtIn != null) {
            return ScenarioParser.parse(nameOrPath + ".conf (built-in)", builtIn);
        }
        final Path path = Path.of(nameOrPath);
        try {
            return ScenarioParser.parse(path.toString(), TextFiles.read(path));
        } catch (TextFiles.NotText e) {
            throw new ScenarioException(e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(nameOrPath + ": no such scenario file, and not a built-in scenario (one of "
                + String.join(", ", NAMES) + ")");
        } catch (IOException e) {
            throw new ScenarioException(nameOrPath + ": cannot read: " + reason(e), e);
        }
    }

    /** Why a file could not be read, without Java's exception names. */
    public static String reason(final IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /** The first comment lines of a built-in: the question it answers. */
    public static String question(final String name) {
        final Scenario s = load(name);
        return s.description();
    }
}
