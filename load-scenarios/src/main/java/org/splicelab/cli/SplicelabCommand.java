package org.splicelab.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code splicelab} command: dispatches to the subcommands. */
@Command(
    name = "splicelab",
    mixinStandardHelpOptions = true,
    versionProvider = SplicelabCommand.Version.class,
    description = {
        "Simulates how Linux moves page ownership between the page cache, pipes, sockets and processes "
            + "through splice, vmsplice, tee and sendfile, under today's kernel and the alternatives argued "
            + "over on the kernel lists.",
        ""},
    footer = {"", "Exit codes: 0 ok, 1 a check failed (violation, condition or assertion), 2 bad input, 3 a hunt's "
        + "finding that its confirming replay did not reproduce (nondeterminism, not a finding)."},
    subcommands = {RunCommand.class, CompareCommand.class, ListCommand.class, BenchCommand.class, CalibrateCommand.class, LitmusCommand.class, FuzzCommand.class,
        HuntCommand.class, ReplayCommand.class, SweepCommand.class, ClusterCommand.class, CommandLine.HelpCommand.class})
public final class SplicelabCommand implements Runnable {
    /** Exit code: everything checked held. */
    public static final int EXIT_OK = 0;
    /** Exit code: a violation, a failed condition or a failed assertion. */
    public static final int EXIT_CHECK_FAILED = 1;
    /** Exit code: bad input (unreadable or malformed file, impossible option). */
    public static final int EXIT_BAD_INPUT = 2;
    /**
     * Exit code: a hunt's finding whose confirming replay did not reproduce it (it left the recorded
     * schedule or found something else): nondeterminism the runtime does not control, not a finding.
     */
    public static final int EXIT_UNCONFIRMED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(final String[] args) {
        Interrupts.install();
        final int exit = execute(args);
        Interrupts.done();
        System.exit(exit);
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int execute(final String... args) {
        final CommandLine cl = commandLine();
        try {
            return cl.execute(args);
        } finally {
            // every subcommand writes through the picocli writers: nothing may stay in a buffer at exit
            flushAll(cl);
        }
    }

    private static void flushAll(final CommandLine cl) {
        cl.getOut().flush();
        cl.getErr().flush();
        for (final CommandLine sub : cl.getSubcommands().values()) {
            flushAll(sub);
        }
    }

    /** The configured picocli command line: usage errors exit 2. */
    public static CommandLine commandLine() {
        final CommandLine cl = new CommandLine(new SplicelabCommand());
        cl.setExitCodeExceptionMapper(t -> EXIT_BAD_INPUT);
        cl.setParameterExceptionHandler((ex, args) -> {
            final CommandLine c = ex.getCommandLine();
            c.getErr().println("splicelab: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Reads the versions filtered into {@code splicelab-version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            final Properties p = new Properties();
            try (InputStream in = SplicelabCommand.class.getResourceAsStream("/splicelab-version.properties")) {
                if (in == null) {
                    throw new IOException("splicelab-version.properties missing from the jar");
                }
                p.load(in);
            }
            return new String[] {
                "splicelab " + p.getProperty("version"),
                "Akka " + p.getProperty("akka") + ", Chronicle Bytes " + p.getProperty("chronicle-bytes")
                    + ", Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
