package org.splicelab.litmus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.WorldSpec;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.actors.deterministic.SourceDpor;
import org.splicelab.memory.PageTracer;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.SyscallResult;

/**
 * What each process step of a litmus execution touched, and when two steps do not commute: the
 * {@link SourceDpor} footprints and dependence of {@link Exploration}'s partial-order reduction.
 *
 * <p>A step's footprint is every process and kernel object (file, pipe, socket end) that took a
 * message while it ran, its own process included; the Execution and the guardian only collect
 * results and are left out. Access is full, except that a close of a pipe end that leaves another
 * holder of that end only decrements a count nobody else's step reads: it commutes with every step but
 * another close of the same pipe (which of two closes is the last one depends on their order). Two
 * steps of different processes are dependent when they have full access to objects of one
 * <em>community</em>, or both close ends of the same pipe. Objects are in one
 * community when pages can pass between them, which is over-approximated from what the executions
 * showed: two objects that exchanged a message, a process and an object that exchanged a page vector
 * (vmsplice, sendfile), or actors that changed the refcount of the same page; so a page-cache page
 * spliced into a pipe makes a pwrite of the file and a read of the pipe dependent. Communities only
 * grow; {@link Exploration} starts the reduction over when they grew after its first execution.
 *
 * A step that is a process's message to itself (a call the process performs in its own thread, reading
 * state that is shared without messages) is dependent with every other process's step, unless it is
 * the answer to a call the process completed alone or its giving way after a run of such calls.
 *
 * <p>What this relation leaves out, on purpose: which frame the arena hands out next (frame numbers
 * are not part of a litmus outcome) and the order in which processes report to the Execution.
 */
final class ProcessStepFootprints implements SourceDpor.Footprints<ProcessStepFootprints.Step>,
    SourceDpor.Dependence<ProcessStepFootprints.Step>, PageTracer {

    /** How a step used an actor: fully, by a close that left other holders, or by the last close of an end. */
    enum Access {
        FULL, COUNTER, LAST_CLOSE;

        boolean full() {
            return this != COUNTER;
        }

        boolean close() {
            return this != FULL;
        }

        Access and(final Access o) {
            return this == o ? this : full() || o.full() ? (close() && o.close() ? LAST_CLOSE : FULL) : COUNTER;
        }
    }

    /**
     * One process step: the process and what it touched (actor keys). {@code global}: the step was a
     * process's message to itself (a call it performs in its own thread, which may read state shared
     * without messages, such as a lock-free page cache): dependent with every step of another process.
     */
    record Step(String process, Map<String, Access> actors, boolean global) {
    }

    private final Map<String, Integer> holders = new HashMap<>();
    private final Map<String, String> parent = new HashMap<>();
    private final Map<Class<?>, Boolean> pageCarriers = new HashMap<>();
    private int merges;

    // the run in progress
    private final Map<Long, String> pageToucher = new HashMap<>();
    private final Map<String, Integer> closes = new HashMap<>();
    private String process;
    private Map<String, Access> actors = new LinkedHashMap<>();
    private boolean request;
    private boolean global;
    private String actor = "";

    ProcessStepFootprints(final WorldSpec world) {
        final Map<String, Integer> byDescriptor = new HashMap<>();
        for (final WorldSpec.ProcessSpec p : world.processes()) {
            for (final String d : p.fds().values()) {
                byDescriptor.merge(d, 1, Integer::sum);
            }
        }
        for (final WorldSpec.DescriptorSpec d : world.descriptors()) {
            if (d.kind() == WorldSpec.Kind.PIPE_READ || d.kind() == WorldSpec.Kind.PIPE_WRITE) {
                holders.merge(endKey("pipe-" + d.object(), d.kind() == WorldSpec.Kind.PIPE_WRITE),
                    byDescriptor.getOrDefault(d.name(), 0), Integer::sum);
            }
        }
    }

    /** Merges of communities so far (grows when an execution showed new page sharing). */
    int merges() {
        return merges;
    }

    private static String endKey(final String pipe, final boolean writeEnd) {
        return pipe + (writeEnd ? ".w" : ".r");
    }

    private static String name(final String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    private static boolean isProcess(final String name) {
        return name.startsWith("proc-");
    }

    private static boolean isObject(final String name) {
        return name.startsWith("file-") || name.startsWith("pipe-") || name.startsWith("sock-") || name.startsWith("relayfs-");
    }

    private String find(final String a) {
        String r = a;
        while (true) {
            final String p = parent.get(r);
            if (p == null || p.equals(r)) {
                return r;
            }
            r = p;
        }
    }

    private void union(final String a, final String b) {
        final String ra = find(a);
        final String rb = find(b);
        if (!ra.equals(rb)) {
            parent.put(ra.compareTo(rb) < 0 ? rb : ra, ra.compareTo(rb) < 0 ? ra : rb);
            merges++;
        }
    }

    private boolean carriesPages(final Object message) {
        return message instanceof Record && pageCarriers.computeIfAbsent(message.getClass(), c -> {
            for (final var rc : c.getRecordComponents()) {
                if (rc.getName().equals("vector")) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * A process's message to itself that touches nothing shared: the answer to a call it completed on
     * its own (closing a regular file), or giving way after a run of calls that needed nobody.
     */
    private static boolean localOnly(final Object message) {
        return message instanceof SyscallResult || message instanceof Enum<?> e && e.name().equals("INSTANCE")
            && e.getDeclaringClass().getSimpleName().equals("Yield");
    }

    // ------------------------------------------------------------------ collecting

    @Override
    public void reset() {
        pageToucher.clear();
        closes.clear();
        process = null;
        actors = new LinkedHashMap<>();
        request = false;
    }

    @Override
    public Step cut() {
        final Step s = process == null ? null : new Step(process, Map.copyOf(actors), global);
        process = null;
        actors = new LinkedHashMap<>();
        global = false;
        return s;
    }

    @Override
    public void begin(final String p) {
        process = p;
        actors.put(p, Access.FULL);
        request = true;
    }

    @Override
    public void stepStarted(final long step, final String a) {
        actor = a;
    }

    @Override
    public void delivered(final long step, final String receiver, final String sender, final Object message) {
        final String r = name(receiver);
        final String s = name(sender);
        final Object m = DeterministicRuntime.unwrap(message);
        if (isObject(r) && isObject(s)) {
            union(receiver, sender);
        } else if ((isProcess(s) && isObject(r) || isObject(s) && isProcess(r)) && carriesPages(m)) {
            union(receiver, sender);
        }
        if (request && receiver.equals(sender) && !localOnly(m)) {
            global = true;
        }
        if (process != null && (isObject(r) || isProcess(r))) {
            Access a = Access.FULL;
            if (request && m instanceof PipeProtocol.CloseEnd c) {
                final String end = endKey(r, c.writeEnd());
                a = closes.merge(end, 1, Integer::sum) < holders.getOrDefault(end, 0) ? Access.COUNTER
                    : Access.LAST_CLOSE;
            }
            actors.merge(receiver, a, Access::and);
        }
        request = false;
    }

    @Override
    public void refCountChanged(final String operation, final long ref, final int before, final int after) {
        final String n = name(actor);
        if (!isObject(n) && !isProcess(n)) {
            return;
        }
        final String first = pageToucher.putIfAbsent(ref, actor);
        if (first != null && !first.equals(actor)) {
            union(first, actor);
        }
    }

    // ------------------------------------------------------------------ dependence

    @Override
    public boolean dependent(final Step a, final Step b) {
        if (a.process().equals(b.process()) || a.global() || b.global()) {
            return true;
        }
        for (final Map.Entry<String, Access> x : a.actors().entrySet()) {
            final String rx = find(x.getKey());
            for (final Map.Entry<String, Access> y : b.actors().entrySet()) {
                if (!rx.equals(find(y.getKey()))) {
                    continue;
                }
                if (x.getValue().full() && y.getValue().full()) {
                    return true;
                }
                if (x.getValue().close() && y.getValue().close() && x.getKey().equals(y.getKey())) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public boolean enables(final Step a, final String p) {
        return !a.process().equals(p) && a.actors().containsKey(p);
    }

    /** For tests: the communities as the actor keys each holds. */
    Map<String, List<String>> communities() {
        final Map<String, List<String>> out = new LinkedHashMap<>();
        parent.keySet().forEach(k -> out.computeIfAbsent(find(k), x -> new java.util.ArrayList<>()).add(k));
        return out;
    }
}
