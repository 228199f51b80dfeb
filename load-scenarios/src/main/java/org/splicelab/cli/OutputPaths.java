package org.splicelab.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.splicelab.scenario.ScenarioException;

/**
 * Checks where a command will write ({@code --report DIR}, {@code hunt --out DIR}, {@code replay --out FILE})
 * before it runs, so a run of minutes never ends in "cannot write": a probe file is written and
 * removed where the output will go; anything in the way is named.
 */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Checks that {@code dir} is, or can be created as, a directory this process can write in (a probe
     * file is written and removed in it, or in its nearest existing ancestor); else throws naming
     * {@code option} and the obstacle. Creates nothing.
     */
    static void checkDirectory(final Path dir, final String option, final String purpose) {
        final String what = option + " " + dir + ": expected a directory " + purpose;
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ScenarioException(what + ", found a file");
        }
        Path existing = dir.toAbsolutePath().normalize();
        while (!Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (!Files.isDirectory(existing)) {
            throw new ScenarioException(what + ", found a file at " + existing);
        }
        try {
            Files.delete(Files.createTempFile(existing, ".splicelab-", ".probe"));
        } catch (IOException e) {
            throw new ScenarioException(what + ", but " + (existing.equals(dir.toAbsolutePath().normalize())
                ? "it" : existing) + " cannot be written in: " + reason(e));
        }
    }

    /** Checks that {@code file} can be written: not a directory, its directory writable. */
    static void checkFile(final Path file, final String option) {
        if (Files.isDirectory(file)) {
            throw new ScenarioException(option + " " + file + ": expected a file to write, found a directory");
        }
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            checkDirectory(parent, option, "to write " + file.getFileName() + " in");
        }
    }

    static String reason(final IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }
}
