package org.splicelab.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import org.splicelab.cluster.ClusterJob;
import org.splicelab.cluster.Work;

/**
 * What the user sees of a cluster job: a line per range as it is reported (ranges done so far, the node,
 * its rate) and per requeue, then a line per node and the accounting of every range.
 */
final class ClusterProgress implements ClusterJob.Listener {
    private final PrintWriter out;
    private final String unit;
    private final Map<String, double[]> nodes = new TreeMap<>();

    /** {@code unit}: what a range counts ("schedules", "programs"). */
    ClusterProgress(final PrintWriter out, final String unit) {
        this.out = out;
        this.unit = unit;
    }

    @Override
    public void accepted(final int ahead, final int workers) {
        out.println("cluster: job accepted" + (ahead > 0 ? " behind " + ahead + " other job" + (ahead == 1 ? "" : "s")
            : "") + "; " + workers + " worker slot" + (workers == 1 ? "" : "s") + " known"
            + (workers == 0 ? " (waiting for one to join)" : ""));
        out.flush();
    }

    @Override
    public void started(final Work.Range r, final String node) {
    }

    @Override
    public void requeued(final Work.Range r, final String node, final String why) {
        out.println("  range " + r.index() + " (" + r.label() + ", seeds " + r.seeds() + "): its worker on " + node
            + " was lost (" + why + "); queued again for another worker");
        out.flush();
    }

    @Override
    public void reported(final Work.Range r, final Work.RangeResult res, final int reported, final int total) {
        if (!res.node().isEmpty()) {
            final double[] n = nodes.computeIfAbsent(res.node(), k -> new double[3]);
            n[0]++;
            n[1] += res.ran();
            n[2] += res.seconds();
        }
        final String what = switch (res.status()) {
            case RAN -> "ran " + res.ran() + " " + unit + rate(res);
            case FOUND -> r.kind() == Work.Kind.HUNT ? "FOUND " + String.join(", ", res.findings()) + " at seed "
                + res.foundSeed() + " after " + res.ran() + " " + unit + rate(res)
                : "ran " + res.ran() + " " + unit + rate(res) + ", " + res.fuzzFindings().size()
                + " disagreement signature" + (res.fuzzFindings().size() == 1 ? "" : "s");
            case FAILED -> "FAILED: " + res.reason();
            case STOPPED -> "stopped after " + res.ran() + " " + unit + " (" + res.reason() + ")";
            case NOT_RUN -> "not run: " + res.reason();
        };
        out.printf("  [%d/%d] range %d (%s, seeds %s)%s: %s%n", reported, total, r.index(), r.label(), r.seeds(),
            res.node().isEmpty() ? "" : " on " + res.node(), what);
        out.flush();
    }

    private String rate(final Work.RangeResult res) {
        return String.format(" in %.2f s (%.0f/s)", res.seconds(), res.ran() / Math.max(1e-9, res.seconds()));
    }

    /** A line per node (ranges, units, the node's rate over the time its workers ran), then the accounting. */
    void summary(final ClusterJob.Outcome o) {
        for (final Map.Entry<String, double[]> e : nodes.entrySet()) {
            final double[] n = e.getValue();
            out.printf("cluster: node %s ran %d range%s, %d %s, %.0f %s/s per worker slot%n", e.getKey(), (long) n[0],
                n[0] == 1 ? "" : "s", (long) n[1], unit, n[1] / Math.max(1e-9, n[2]), unit);
        }
        out.printf("cluster: ranges reported: %d of %d, each once (%d ran, %d found, %d failed, %d stopped, %d "
                + "not run), %d requeued after a worker was lost%s%n", o.results().size() - o.missing(),
            o.results().size(), o.count(Work.Status.RAN), o.count(Work.Status.FOUND), o.count(Work.Status.FAILED),
            o.count(Work.Status.STOPPED), o.count(Work.Status.NOT_RUN), o.requeued(),
            o.missing() > 0 ? "; " + o.missing() + " NOT reported" : "");
        if (o.lost() != null) {
            out.println("cluster: INCOMPLETE: " + o.lost() + "; what finished is above");
        }
        out.flush();
    }
}
