package org.splicelab.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Props;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A client's side of one job: submits the ranges to the coordinator, passes each event to a
 * {@link Listener} on the calling thread, and returns when every range has been reported, or when the
 * coordinator is lost (then {@link Outcome#lost()} says so and what finished is kept).
 */
public final class ClusterJob {
    private ClusterJob() {
    }

    /** What the user sees as the job goes. */
    public interface Listener {
        void accepted(int ahead, int workers);

        void started(Work.Range r, String node);

        void requeued(Work.Range r, String node, String why);

        void reported(Work.Range r, Work.RangeResult result, int reported, int total);
    }

    /**
     * What came back: a result per range (null for a range not reported because the coordinator was lost),
     * why the job did not finish (null when it did), how many ranges went back to the queue, and the time
     * from submitting the job to its last report (joining and leaving the cluster not included).
     */
    public record Outcome(List<Work.RangeResult> results, String lost, int requeued, java.time.Duration elapsed) {
        public long count(final Work.Status s) {
            return results.stream().filter(r -> r != null && r.status() == s).count();
        }

        public long missing() {
            return results.stream().filter(r -> r == null).count();
        }
    }

    /** The coordinator's node left or became unreachable: a local event, never sent between nodes. */
    private record CoordinatorGone(String why) implements Coordinator.ClientEvent {
    }

    /** A membership event about another node: nothing for the client. */
    private record Ignored() implements Coordinator.ClientEvent {
    }

    private static final Ignored IGNORED = new Ignored();

    /** The job is over: the client actor stops. A local event, never sent between nodes. */
    private record StopClient() implements Coordinator.ClientEvent {
    }

    private static final StopClient STOP = new StopClient();

    /**
     * Runs {@code ranges} on the cluster {@code node} belongs to. {@code interrupt} answers a reason once
     * the user wants to stop (ranges not started are then reported not run); when no range has started
     * {@code workerWait} after the coordinator accepted the job, the job is cancelled the same way.
     */
    public static Outcome run(final ClusterNode node, final List<Work.Range> ranges, final Listener listener,
                              final Supplier<String> interrupt, final Duration workerWait, final String seed) {
        final BlockingQueue<Coordinator.ClientEvent> events = new LinkedBlockingQueue<>();
        final String job = UUID.randomUUID().toString();
        final ActorRef<Coordinator.ClientEvent> client = node.system().systemActorOf(client(events),
            "client-" + job, Props.empty());
        final Work.RangeResult[] results = new Work.RangeResult[ranges.size()];
        int reported = 0;
        int requeued = 0;
        boolean accepted = false;
        boolean anyStarted = false;
        String cancelled = null;
        String lost = null;
        final long t0 = System.nanoTime();
        long acceptedAt = 0;
        node.coordinator().tell(new Coordinator.Submit(job, ranges, client));
        try {
            while (true) {
                final Coordinator.ClientEvent e = events.poll(200, TimeUnit.MILLISECONDS);
                if (e instanceof Coordinator.Accepted a) {
                    accepted = true;
                    acceptedAt = System.nanoTime();
                    listener.accepted(a.ahead(), a.workers());
                } else if (e instanceof Coordinator.Started s) {
                    anyStarted = true;
                    listener.started(ranges.get(s.index()), s.node());
                } else if (e instanceof Coordinator.Requeued q) {
                    requeued++;
                    listener.requeued(ranges.get(q.index()), q.node(), q.why());
                } else if (e instanceof Coordinator.Reported r) {
                    final int i = r.result().index();
                    if (results[i] == null) {
                        results[i] = r.result();
                        reported++;
                        listener.reported(ranges.get(i), r.result(), reported, ranges.size());
                    }
                } else if (e instanceof Coordinator.Finished) {
                    break;
                } else if (e instanceof CoordinatorGone g) {
                    lost = g.why();
                    break;
                }
                if (cancelled == null) {
                    final String why = interrupt.get();
                    if (why != null) {
                        cancelled = "cancelled by " + why;
                    } else if (!accepted && System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(30)) {
                        lost = "the coordinator at " + seed + " did not answer within 30 s";
                        break;
                    } else if (accepted && !anyStarted && System.nanoTime() - acceptedAt > workerWait.toNanos()) {
                        cancelled = "no worker took a range within " + workerWait.toSeconds() + " s of the job being "
                            + "accepted (start one with: splicelab cluster worker --join " + seed + ")";
                    }
                    if (cancelled != null) {
                        node.coordinator().tell(new Coordinator.Cancel(job, cancelled));
                    }
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            lost = "interrupted while waiting for the coordinator";
        } finally {
            client.tell(STOP);
        }
        return new Outcome(new ArrayList<>(Arrays.asList(results)), lost != null ? lost
            : cancelled != null && cancelled.startsWith("no worker") ? cancelled : null, requeued,
            Duration.ofNanos(System.nanoTime() - t0));
    }

    private static Behavior<Coordinator.ClientEvent> client(final BlockingQueue<Coordinator.ClientEvent> events) {
        return Behaviors.setup(ctx -> {
            final Cluster cluster = Cluster.get(ctx.getSystem());
            final ActorRef<ClusterEvent.MemberEvent> members = ctx.messageAdapter(ClusterEvent.MemberEvent.class,
                m -> m instanceof ClusterEvent.MemberRemoved || m instanceof ClusterEvent.MemberExited
                    || m instanceof ClusterEvent.MemberLeft ? gone(m.member(), "left the cluster") : IGNORED);
            final ActorRef<ClusterEvent.ReachabilityEvent> reach = ctx.messageAdapter(
                ClusterEvent.ReachabilityEvent.class, r -> r instanceof ClusterEvent.UnreachableMember
                    ? gone(r.member(), "became unreachable") : IGNORED);
            cluster.subscriptions().tell(Subscribe.create(members, ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(reach, ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receiveMessage(e -> {
                if (e == STOP) {
                    return Behaviors.stopped();
                }
                if (e != IGNORED) {
                    events.add(e);
                }
                return Behaviors.same();
            });
        });
    }

    private static Coordinator.ClientEvent gone(final Member m, final String what) {
        return m.hasRole(ClusterNode.Role.COORDINATOR.id) ? new CoordinatorGone("the coordinator's node "
            + ClusterNode.hostPort(m.address()) + " " + what) : IGNORED;
    }
}
