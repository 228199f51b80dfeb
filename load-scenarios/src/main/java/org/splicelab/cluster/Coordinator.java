package org.splicelab.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.Terminated;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.receptionist.Receptionist;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Subscribe;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster's one coordinator (a Cluster Singleton on the seed's {@code coordinator} role): takes jobs
 * from clients, one after another, and hands their ranges to the workers the Receptionist lists, one range
 * per worker at a time. A worker whose node becomes unreachable, leaves or dies has its range put back at
 * the front of the queue for another worker; a result from a range already given to someone else is
 * dropped, so every range is reported to the client exactly once (ran, found, failed, stopped or not run).
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {
    public interface Command {
    }

    /** A client's job: its ranges, and where the events go. */
    public record Submit(String job, List<Work.Range> ranges, ActorRef<ClientEvent> client)
        implements Command, ClusterMessage {
    }

    /** The client gives up on {@code job}: ranges not started are reported not run, running ones are stopped. */
    public record Cancel(String job, String why) implements Command, ClusterMessage {
    }

    /** A worker's result for one range. */
    public record Done(String job, Work.RangeResult result, ActorRef<Worker.Command> worker)
        implements Command, ClusterMessage {
    }

    private record Workers(Receptionist.Listing listing) implements Command {
    }

    private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {
    }

    /** What the coordinator tells a client about its job. */
    public interface ClientEvent extends ClusterMessage {
    }

    /** The job is queued; {@code ahead} jobs run before it; {@code workers} are known now. */
    public record Accepted(String job, int ahead, int workers) implements ClientEvent {
    }

    /** A range went to a worker on {@code node}. */
    public record Started(String job, int index, String node) implements ClientEvent {
    }

    /** A range's worker was lost; the range is queued again. */
    public record Requeued(String job, int index, String node, String why) implements ClientEvent {
    }

    /** A range's one report. */
    public record Reported(String job, Work.RangeResult result) implements ClientEvent {
    }

    /** Every range of the job has been reported. */
    public record Finished(String job) implements ClientEvent {
    }

    private record Assignment(String job, int index) {
    }

    private static final class Job {
        final String id;
        final ActorRef<ClientEvent> client;
        final List<Work.Range> ranges;
        final boolean[] reported;
        final ActorRef<Worker.Command>[] runner;
        final ArrayDeque<Integer> pending = new ArrayDeque<>();
        final Set<Integer> endedCells = new HashSet<>();
        int done;

        @SuppressWarnings("unchecked")
        Job(final Submit s) {
            id = s.job();
            client = s.client();
            ranges = List.copyOf(s.ranges());
            reported = new boolean[ranges.size()];
            runner = new ActorRef[ranges.size()];
            for (int i = 0; i < ranges.size(); i++) {
                pending.add(i);
            }
        }
    }

    private final Map<ActorRef<Worker.Command>, Assignment> workers = new LinkedHashMap<>();
    private final Set<ActorRef<Worker.Command>> listed = new HashSet<>();
    private final Set<Address> unreachable = new HashSet<>();
    private final ArrayDeque<Job> jobs = new ArrayDeque<>();
    private final Map<ActorRef<ClientEvent>, String> clients = new HashMap<>();

    public static Behavior<Command> create() {
        return Behaviors.setup(Coordinator::new);
    }

    private Coordinator(final ActorContext<Command> ctx) {
        super(ctx);
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(Worker.KEY,
            ctx.messageAdapter(Receptionist.Listing.class, Workers::new)));
        Cluster.get(ctx.getSystem()).subscriptions().tell(Subscribe.create(
            ctx.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
            ClusterEvent.ReachabilityEvent.class));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(Submit.class, this::onSubmit)
            .onMessage(Cancel.class, this::onCancel)
            .onMessage(Done.class, this::onDone)
            .onMessage(Workers.class, this::onWorkers)
            .onMessage(Reachability.class, this::onReachability)
            .onSignal(Terminated.class, this::onTerminated)
            .build();
    }

    private Behavior<Command> onSubmit(final Submit s) {
        for (final Job j : jobs) {
            if (j.id.equals(s.job())) {
                return this;   // the client's retry of a job already queued
            }
        }
        final Job j = new Job(s);
        s.client().tell(new Accepted(j.id, jobs.size(), available()));
        jobs.add(j);
        clients.put(s.client(), j.id);
        getContext().watch(s.client());
        if (j.ranges.isEmpty()) {
            finish(j);
        }
        dispatch();
        return this;
    }

    private Behavior<Command> onCancel(final Cancel c) {
        final Job j = job(c.job());
        if (j != null) {
            for (int cell : cells(j)) {
                endCell(j, cell, c.why());
            }
        }
        return this;
    }

    private Behavior<Command> onDone(final Done d) {
        final Assignment a = workers.get(d.worker());
        final Assignment expected = new Assignment(d.job(), d.result().index());
        if (!expected.equals(a)) {
            return this;   // a range given to another worker meanwhile (this one was lost): that one reports it
        }
        workers.put(d.worker(), null);
        final Job j = job(d.job());
        if (j != null) {
            final Work.Range r = j.ranges.get(d.result().index());
            j.runner[r.index()] = null;
            report(j, d.result());
            if (r.kind() == Work.Kind.HUNT && d.result().status() == Work.Status.FOUND && jobs.contains(j)) {
                endCell(j, r.cell(), "range " + r.index() + " found something (seed " + d.result().foundSeed() + ")");
            }
        }
        dispatch();
        return this;
    }

    private Behavior<Command> onWorkers(final Workers w) {
        final Set<ActorRef<Worker.Command>> now = w.listing().getServiceInstances(Worker.KEY);
        for (final ActorRef<Worker.Command> gone : new ArrayList<>(listed)) {
            if (!now.contains(gone)) {
                listed.remove(gone);
                lost(gone, "it left the cluster");
            }
        }
        for (final ActorRef<Worker.Command> added : now) {
            if (listed.add(added)) {
                getContext().watch(added);
                if (!unreachable.contains(added.path().address())) {
                    workers.putIfAbsent(added, null);
                }
            }
        }
        dispatch();
        return this;
    }

    private Behavior<Command> onReachability(final Reachability r) {
        final Address address = r.event().member().address();
        if (r.event() instanceof ClusterEvent.UnreachableMember) {
            unreachable.add(address);
            for (final ActorRef<Worker.Command> w : new ArrayList<>(workers.keySet())) {
                if (w.path().address().equals(address)) {
                    lost(w, "its node " + node(w) + " became unreachable");
                }
            }
        } else if (r.event() instanceof ClusterEvent.ReachableMember && unreachable.remove(address)) {
            for (final ActorRef<Worker.Command> w : listed) {
                if (w.path().address().equals(address)) {
                    workers.putIfAbsent(w, null);
                }
            }
            dispatch();
        }
        return this;
    }

    private Behavior<Command> onTerminated(final Terminated t) {
        @SuppressWarnings("unchecked")
        final ActorRef<Object> ref = (ActorRef<Object>) (ActorRef<?>) t.getRef();
        final String job = clients.remove(ref.<ClientEvent>unsafeUpcast());
        if (job != null) {
            final Job j = job(job);
            if (j != null) {
                for (int i = 0; i < j.ranges.size(); i++) {
                    if (j.runner[i] != null) {
                        j.runner[i].tell(new Worker.Stop(j.id, i, "its client left"));
                    }
                }
                jobs.remove(j);
            }
        } else {
            final ActorRef<Worker.Command> w = ref.unsafeUpcast();
            listed.remove(w);
            lost(w, "its node " + node(w) + " left or died");
        }
        dispatch();
        return this;
    }

    /** {@code w} will not answer: its range goes back to the front of the queue. */
    private void lost(final ActorRef<Worker.Command> w, final String why) {
        final Assignment a = workers.remove(w);
        if (a == null) {
            return;
        }
        final Job j = job(a.job());
        if (j == null || j.reported[a.index()]) {
            return;
        }
        j.runner[a.index()] = null;
        final Work.Range r = j.ranges.get(a.index());
        if (j.endedCells.contains(r.cell())) {
            report(j, Work.RangeResult.notRun(a.index(), "its worker on " + node(w) + " was lost while it was being "
                + "stopped (what it ran is not counted)"));
            return;
        }
        j.pending.addFirst(a.index());
        j.client.tell(new Requeued(j.id, a.index(), node(w), why));
        dispatch();
    }

    private void dispatch() {
        final Job j = jobs.peek();
        if (j == null) {
            return;
        }
        for (final Map.Entry<ActorRef<Worker.Command>, Assignment> e : workers.entrySet()) {
            if (j.pending.isEmpty()) {
                return;
            }
            if (e.getValue() == null) {
                final int i = j.pending.poll();
                e.setValue(new Assignment(j.id, i));
                j.runner[i] = e.getKey();
                e.getKey().tell(new Worker.Run(j.id, j.ranges.get(i), getContext().getSelf()));
                j.client.tell(new Started(j.id, i, node(e.getKey())));
            }
        }
    }

    /** Ranges of {@code cell} not started are reported not run; running ones are told to stop. */
    private void endCell(final Job j, final int cell, final String why) {
        if (!j.endedCells.add(cell)) {
            return;
        }
        for (final Integer i : new ArrayList<>(j.pending)) {
            if (j.ranges.get(i).cell() == cell) {
                j.pending.remove(i);
                report(j, Work.RangeResult.notRun(i, why));
            }
        }
        for (int i = 0; i < j.ranges.size(); i++) {
            if (j.runner[i] != null && j.ranges.get(i).cell() == cell) {
                j.runner[i].tell(new Worker.Stop(j.id, i, why));
            }
        }
    }

    private void report(final Job j, final Work.RangeResult r) {
        if (j.reported[r.index()]) {
            return;
        }
        j.reported[r.index()] = true;
        j.done++;
        j.client.tell(new Reported(j.id, r));
        if (j.done == j.ranges.size()) {
            finish(j);
        }
    }

    private void finish(final Job j) {
        j.client.tell(new Finished(j.id));
        jobs.remove(j);
        clients.remove(j.client);
        getContext().unwatch(j.client);
    }

    private Job job(final String id) {
        for (final Job j : jobs) {
            if (j.id.equals(id)) {
                return j;
            }
        }
        return null;
    }

    private static Set<Integer> cells(final Job j) {
        final Set<Integer> s = new HashSet<>();
        for (final Work.Range r : j.ranges) {
            s.add(r.cell());
        }
        return s;
    }

    private int available() {
        return workers.size();
    }

    /** host:port of the node {@code w} runs on. */
    private String node(final ActorRef<?> w) {
        final Address a = w.path().address().hasLocalScope()
            ? Cluster.get(getContext().getSystem()).selfMember().address() : w.path().address();
        return ClusterNode.hostPort(a);
    }
}
