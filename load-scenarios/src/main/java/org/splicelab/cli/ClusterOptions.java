package org.splicelab.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.splicelab.cluster.ClusterException;
import org.splicelab.cluster.ClusterNode;
import picocli.CommandLine.Option;

/** {@code --cluster HOST:PORT} and its companions, for the commands that can spread their work. */
final class ClusterOptions {
    @Option(names = "--cluster", paramLabel = "HOST:PORT",
        description = "spread the work over the cluster whose seed is HOST:PORT (`splicelab cluster seed`), in "
            + "ranges of --range; results, replay files and findings come back here")
    String cluster;

    @Option(names = "--range", paramLabel = "N",
        description = "--cluster: schedules (fuzz: programs) per range, the unit a worker runs and the cluster "
            + "re-runs when a worker is lost (default: 200 schedules, 250 programs)")
    Long range;

    @Option(names = "--cluster-host", paramLabel = "H",
        description = "--cluster: the address the cluster reaches this machine at (default: 127.0.0.1 when the "
            + "seed is on loopback, else this host's address)")
    String host;

    @Option(names = "--worker-wait", paramLabel = "D", defaultValue = "60s",
        description = "--cluster: give up when no worker has taken a range this long after the job was "
            + "accepted (default ${DEFAULT-VALUE})")
    String workerWait;

    boolean on() {
        return cluster != null;
    }

    /** The range size, checked: {@code fallback} when not given. */
    long range(final long fallback) {
        final long r = range != null ? range : fallback;
        if (r < 1) {
            throw new ClusterException("--range: expected a whole number >= 1, found " + r);
        }
        return r;
    }

    /** Option errors found before anything starts (bad HOST:PORT, --range or --worker-wait). */
    String check(final long fallbackRange) {
        try {
            if (cluster == null) {
                return range != null ? "--range applies with --cluster only" : null;
            }
            ClusterNode.parseHostPort("--cluster", cluster);
            range(fallbackRange);
            ClusterCommand.duration("--worker-wait", workerWait);
            return null;
        } catch (ClusterException e) {
            return e.getMessage();
        }
    }

    /** Joins the cluster as a client node; throws {@link ClusterException} when it cannot. */
    ClusterNode join(final PrintWriter out) {
        final String[] seed = ClusterNode.parseHostPort("--cluster", cluster);
        final ClusterNode node = ClusterNode.start(ClusterNode.Role.CLIENT,
            host != null ? host : ClusterCommand.defaultHost(seed[0]), 0, seed[0], Integer.parseInt(seed[1]), 0,
            Duration.ofSeconds(5));
        try {
            node.awaitUp(Duration.ofSeconds(20), cluster);
        } catch (ClusterException e) {
            node.close();
            throw e;
        }
        out.println("cluster: joined " + cluster + " as " + node.self());
        out.flush();
        return node;
    }

    Duration workerWait() {
        return ClusterCommand.duration("--worker-wait", workerWait);
    }
}
