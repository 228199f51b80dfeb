package org.splicelab.hunt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test resources of the hunter suites, and the launcher jar run in a new JVM. */
final class HuntFiles {
    private HuntFiles() {
    }

    static Path resource(final String name) {
        final URL url = HuntFiles.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The project root: the folder holding load-scenarios/ (tests run in test/). */
    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("load-scenarios"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static Path launcherJar() {
        return root().resolve("load-scenarios/target/splicelab.jar");
    }

    /** The JVM flags of the parent POM's {@code splicelab.jvm.flags} property. */
    static List<String> jvmFlags() {
        try {
            final String pom = Files.readString(root().resolve("pom.xml"), StandardCharsets.UTF_8);
            final Matcher m = Pattern.compile("<splicelab.jvm.flags>(.*)</splicelab.jvm.flags>").matcher(pom);
            if (!m.find()) {
                throw new IllegalStateException("pom.xml has no splicelab.jvm.flags property");
            }
            return List.of(m.group(1).trim().split("\\s+"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the launcher jar in a new JVM; returns exit code and output. */
    record Launched(int exit, String out) {
    }

    static Launched splicelab(final String... args) {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.add("-jar");
        cmd.add(launcherJar().toString());
        cmd.addAll(List.of(args));
        try {
            // the output goes to a file, so the wait below is what can time out (reading a pipe to its end
            // first would block for as long as the child runs)
            final Path log = Files.createTempFile("splicelab-launched", ".out");
            try {
                final Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("splicelab " + String.join(" ", args) + " did not end in 120 s; "
                        + "its output so far: " + Files.readString(log, StandardCharsets.UTF_8));
                }
                return new Launched(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
