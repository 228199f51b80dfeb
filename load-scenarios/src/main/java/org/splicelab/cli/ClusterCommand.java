package org.splicelab.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterNode;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code splicelab cluster seed|worker}: the nodes that hunts, fuzz campaigns and sweeps spread over. */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
    description = {"Akka Cluster nodes for `hunt --cluster`, `fuzz --cluster` and `sweep --cluster`: one seed "
        + "(the coordinator, a Cluster Singleton) and any number of workers, over Artery TCP. Each node runs until "
        + "SIGTERM or Ctrl-C, then leaves the cluster (a worker's range in progress goes to another worker)."},
    subcommands = {ClusterCommand.Seed.class, ClusterCommand.Worker.class})
public final class ClusterCommand implements Runnable {
    /** Exit code: a cluster run that did not finish (the coordinator was lost, no worker came, a range failed). */
    public static final int EXIT_INCOMPLETE = 4;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The address a node gives the others when the user does not: loopback for a loopback seed. */
    static String defaultHost(final String seedHost) {
        try {
            if (InetAddress.getByName(seedHost).isLoopbackAddress()) {
                return "127.0.0.1";
            }
            return InetAddress.getLocalHost().getHostAddress();
        } catch (UnknownHostException e) {
            throw new ClusterException("cannot resolve " + seedHost + ": " + e.getMessage());
        }
    }

    static Duration duration(final String option, final String text) {
        try {
            return org.splicelab.scenario.Durations.parse(option, text, 1_000_000_000L, Duration.ofMillis(100),
                Duration.ofHours(1));
        } catch (ScenarioException e) {
            throw new ClusterException(e.getMessage());
        }
    }

    private static int serve(final ClusterNode node, final PrintWriter out, final String what) {
        out.flush();
        try {
            node.awaitTermination();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println(what + " " + node.self() + " stopped: it left the cluster or the cluster downed it");
        out.flush();
        return EXIT_INCOMPLETE;
    }

    @Command(name = "seed", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
        description = {"Starts the cluster's seed node on HOST:PORT; it runs the coordinator. Workers join it with "
            + "`splicelab cluster worker --join HOST:PORT`; hunts, fuzz campaigns and sweeps use it with "
            + "`--cluster HOST:PORT`. Runs until SIGTERM or Ctrl-C. Exit 2 when the port cannot be bound."})
    static final class Seed implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "P", defaultValue = "25520",
            description = "the TCP port (default ${DEFAULT-VALUE})")
        private int port;

        @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "the address the other nodes reach this one at, and bind to (default ${DEFAULT-VALUE}; "
                + "give this host's own address to run across hosts)")
        private String host;

        @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "worker slots on the seed itself (default ${DEFAULT-VALUE})")
        private int workers;

        @Option(names = "--down-after", paramLabel = "D", defaultValue = "5s",
            description = "how long a node stays unreachable before it is removed from the cluster (its range is "
                + "given to another worker as soon as it becomes unreachable; default ${DEFAULT-VALUE})")
        private String downAfter;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            final ClusterNode node;
            try {
                if (port < 1 || port > 65535) {
                    throw new ClusterException("--port: expected 1 to 65535, found " + port);
                }
                if (workers < 0 || workers > 1024) {
                    throw new ClusterException("--workers: expected 0 to 1024, found " + workers);
                }
                node = ClusterNode.start(ClusterNode.Role.COORDINATOR, host, port, host, port, workers,
                    duration("--down-after", downAfter));
            } catch (ClusterException e) {
                err.println("splicelab cluster seed: " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            out.println("cluster seed on " + host + ":" + port + " (coordinator" + (workers > 0 ? ", " + workers
                + " worker slot" + (workers == 1 ? "" : "s") : "") + "); workers join with: splicelab cluster worker "
                + "--join " + host + ":" + port);
            return serve(node, out, "seed");
        }
    }

    @Command(name = "worker", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class,
        description = {"Joins the cluster at HOST:PORT with N worker slots, each running one range at a time on a "
            + "thread of its own. Runs until SIGTERM or Ctrl-C (it leaves the cluster; its ranges in progress go to "
            + "other workers), or until the cluster downs it (its seed is gone: exit " + EXIT_INCOMPLETE + ")."})
    static final class Worker implements Callable<Integer> {
        @Option(names = "--join", required = true, paramLabel = "HOST:PORT", description = "the seed node")
        private String join;

        @Option(names = "--workers", paramLabel = "N",
            description = "worker slots (default: this machine's processors)")
        private Integer workers;

        @Option(names = "--host", paramLabel = "H",
            description = "the address the other nodes reach this one at (default: 127.0.0.1 when the seed is on "
                + "loopback, else this host's address)")
        private String host;

        @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "this node's TCP port (default: a free one)")
        private int port;

        @Option(names = "--join-timeout", paramLabel = "D", defaultValue = "20s",
            description = "give up when the cluster has not taken this node in this long (default ${DEFAULT-VALUE})")
        private String joinTimeout;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            final PrintWriter out = spec.commandLine().getOut();
            final PrintWriter err = spec.commandLine().getErr();
            final int slots = workers != null ? workers : Runtime.getRuntime().availableProcessors();
            final ClusterNode node;
            try {
                final String[] seed = ClusterNode.parseHostPort("--join", join);
                if (slots < 1 || slots > 1024) {
                    throw new ClusterException("--workers: expected 1 to 1024, found " + slots);
                }
                if (port < 0 || port > 65535) {
                    throw new ClusterException("--port: expected 0 to 65535, found " + port);
                }
                final Duration timeout = duration("--join-timeout", joinTimeout);
                node = ClusterNode.start(ClusterNode.Role.WORKER, host != null ? host : defaultHost(seed[0]), port,
                    seed[0], Integer.parseInt(seed[1]), slots, Duration.ofSeconds(5));
                try {
                    node.awaitUp(timeout, join);
                } catch (ClusterException e) {
                    node.close();
                    err.println("splicelab cluster worker: " + e.getMessage());
                    return EXIT_INCOMPLETE;
                }
            } catch (ClusterException e) {
                err.println("splicelab cluster worker: " + e.getMessage());
                return SplicelabCommand.EXIT_BAD_INPUT;
            }
            out.println("cluster worker " + node.self() + " joined " + join + " with " + slots + " worker slot"
                + (slots == 1 ? "" : "s"));
            return serve(node, out, "worker");
        }
    }
}
