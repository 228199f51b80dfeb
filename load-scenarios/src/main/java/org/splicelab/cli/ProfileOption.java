package org.splicelab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.splicelab.report.KernelProfile;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine.Option;

/**
 * {@code --profile F}, shared by run, compare and calibrate: the kernel cost profile (ADR 0019). Without
 * it, the default location: {@code $SPLICELAB_PROFILE}, else {@code $XDG_CONFIG_HOME/splicelab/kernel-profile.conf}
 * (XDG_CONFIG_HOME defaults to {@code ~/.config}).
 */
final class ProfileOption {
    @Option(names = "--profile", paramLabel = "FILE",
        description = "the kernel cost profile `splicelab calibrate` wrote (default: $SPLICELAB_PROFILE, else "
            + "$XDG_CONFIG_HOME/splicelab/kernel-profile.conf)")
    private Path profile;

    /** The file named by --profile, else the default location. */
    Path path() {
        return profile != null ? profile : defaultPath();
    }

    boolean given() {
        return profile != null;
    }

    static Path defaultPath() {
        final String env = System.getenv("SPLICELAB_PROFILE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        final String xdg = System.getenv("XDG_CONFIG_HOME");
        final Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("splicelab").resolve("kernel-profile.conf");
    }

    /**
     * The profile to estimate with: null when none was named and the default file does not exist; a
     * profile that cannot be read or is malformed is bad input ({@code FILE:LINE: ...}).
     */
    KernelProfile load() {
        final Path p = path();
        if (!given() && !Files.exists(p)) {
            return null;
        }
        try {
            return KernelProfile.read(p);
        } catch (KernelProfile.Invalid e) {
            throw new ScenarioException("--profile " + e.getMessage());
        }
    }
}
