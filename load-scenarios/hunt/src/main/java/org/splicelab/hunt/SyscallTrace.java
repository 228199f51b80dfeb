package org.splicelab.hunt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.deterministic.Trace;
import org.splicelab.memory.PageRef;

/**
 * A replayed schedule at the level of system calls, in the order they happened (strace -f style): each
 * call with its arguments and data as the litmus file writes them and its result, the refcount changes
 * and violations it caused indented under it, a call that other processes' calls overtook split into
 * {@code <unfinished ...>} and {@code <... resumed>}, a run of identical calls by one process folded
 * into one line ({@code ×16}), each process's exit with the ends it closed, and what the objects
 * released at the end. Built from a {@link Trace} (with call counting) and the calls each process
 * completed ({@link HuntOutcome#calls()}); a schedule with fewer switches between processes prints
 * fewer lines.
 */
final class SyscallTrace {
    /** One printed call (or exit): its process, text, the page events under it, and how many it folds. */
    private static final class Line {
        final String process;
        final String text;
        final List<String> events;
        final int first;
        int times = 1;
        boolean foldable;

        Line(final String process, final String text, final List<String> events, final int first) {
            this.process = process;
            this.text = text;
            this.events = events;
            this.first = first;
        }
    }

    /** Per process: its calls still to complete, whether the next one entered the kernel, what it caused. */
    private static final class Process {
        final ArrayDeque<HuntOutcome.Call> calls = new ArrayDeque<>();
        boolean started;
        int startedAt;
        List<String> events = new ArrayList<>();
        /** What the call in flight caused before another process's line overtook it (null: not overtaken). */
        List<String> beforeOvertaken;
        /**
         * The call in flight was interrupted by another call's page events (memory-level interleaving): its
         * {@code <unfinished ...>} line is already printed, where that happened.
         */
        boolean split;
        final List<String> closes = new ArrayList<>();
    }

    private final List<Line> lines = new ArrayList<>();
    private final Map<String, Process> processes = new HashMap<>();
    private final List<String> start = new ArrayList<>();
    private final List<String> end = new ArrayList<>();
    /** Events no process caused (an object starting late, say), printed before the next line. */
    private List<String> loose = new ArrayList<>();
    private int completed;
    /** The process whose call caused the last page event (null: none yet, or not a process). */
    private String lastCause;

    private SyscallTrace(final List<HuntOutcome.Call> calls) {
        for (final HuntOutcome.Call c : calls) {
            process(c.process()).calls.add(c);
        }
    }

    private Process process(final String name) {
        return processes.computeIfAbsent(name, n -> new Process());
    }

    /** The lines of the trace (without a header), or null when the outcome has no calls to show. */
    static List<String> render(final List<Trace.Event> events, final List<HuntOutcome.Call> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        final SyscallTrace t = new SyscallTrace(calls);
        events.forEach(t::on);
        return t.print();
    }

    /** The calls in the order they completed, as the outcome lists them. */
    static List<HuntOutcome.Call> inOrder(final List<Trace.Event> events, final List<HuntOutcome.Call> calls) {
        final SyscallTrace t = new SyscallTrace(calls);
        final List<HuntOutcome.Call> out = new ArrayList<>();
        for (final Trace.Event e : events) {
            if (e instanceof Trace.CallsCompleted c && c.actor().startsWith("proc-")) {
                final Process p = t.process(c.actor().substring("proc-".length()));
                for (int i = 0; i < c.count() && !p.calls.isEmpty(); i++) {
                    out.add(p.calls.poll());
                }
            }
        }
        t.processes.values().forEach(p -> out.addAll(p.calls));
        return out;
    }

    private static String processOf(final String actor) {
        return actor.startsWith("proc-") ? actor.substring("proc-".length()) : null;
    }

    private static boolean isObject(final String actor) {
        return actor.startsWith("file-") || actor.startsWith("pipe-") || actor.startsWith("sock-") || actor.startsWith("relayfs-");
    }

    private void on(final Trace.Event e) {
        if (e instanceof Trace.Delivery d) {
            final String p = processOf(d.sender());
            if (p != null && isObject(d.receiver())) {
                final Process s = process(p);
                if (!s.calls.isEmpty()) {
                    if (!s.started) {
                        s.started = true;
                        s.startedAt = lines.size();
                    }
                } else {
                    s.closes.add(close(d));
                }
            } else if (p != null && d.type().equals("Finished")) {
                final Process s = process(p);
                add(p, "exit" + (s.closes.isEmpty() ? "" : ": " + String.join(", ", s.closes)), s, false);
            }
        } else if (e instanceof Trace.CallsCompleted c) {
            final String p = processOf(c.actor());
            if (p != null) {
                for (int i = 0; i < c.count(); i++) {
                    complete(p);
                }
            }
        } else if (e instanceof Trace.PageOp o) {
            interleaved(o.cause());
            events(o.cause()).add(String.format("%-12s %-14s %-12s refcount %s -> %s", o.actor(), o.operation(),
                PageRef.toString(o.ref()), Trace.count(o.before()), Trace.count(o.after())));
        } else if (e instanceof Trace.ViolationSeen v) {
            interleaved(v.cause());
            events(v.cause()).add(String.format("%-12s !! VIOLATION %s on %s in %s%s", v.actor(),
                v.event().violation().id(), PageRef.toString(v.event().pageRef()), v.event().operation(),
                v.event().detail().isEmpty() ? "" : " (" + v.event().detail() + ")"));
        }
    }

    /**
     * A page event of {@code cause}'s call right after page events of another call still in flight (the
     * steps interleaved inside their memory operations, as with memory points): that other call's line
     * is printed now as {@code <unfinished ...>} with what it did so far, so the refcounts read in the
     * order they changed.
     */
    private void interleaved(final String cause) {
        final String p = processOf(cause);
        final String last = lastCause;
        lastCause = p;
        if (p == null || last == null || last.equals(p)) {
            return;
        }
        final Process y = processes.get(last);
        if (y == null || !y.started || y.split || y.beforeOvertaken != null || y.events.isEmpty()
            || y.calls.isEmpty()) {
            return;
        }
        y.split = true;
        final Line l = new Line(last, y.calls.peek().source() + " <unfinished ...>", y.events, -1);
        y.events = new ArrayList<>();
        lines.add(l);
    }

    /** Where an event caused by {@code cause} is printed: under that process's next line, or at the end. */
    private List<String> events(final String cause) {
        final String p = processOf(cause);
        return p != null ? process(p).events : lines.isEmpty() ? start : loose;
    }

    /** {@code close p.w} from a close request, as the litmus file names the end. */
    private static String close(final Trace.Delivery d) {
        final String r = d.receiver();
        if (r.startsWith("pipe-") && d.type().equals("CloseEnd")) {
            return "close " + r.substring("pipe-".length()) + (d.message().contains("writeEnd=true") ? ".w" : ".r");
        }
        if (r.startsWith("sock-")) {
            final String n = r.substring("sock-".length());
            final int dash = n.lastIndexOf('-');
            return "close " + (dash > 0 ? n.substring(0, dash) + "." + n.substring(dash + 1) : n);
        }
        return "close " + r;
    }

    private void complete(final String p) {
        final Process s = process(p);
        final HuntOutcome.Call c = s.calls.poll();
        if (c == null) {
            return;
        }
        completed++;
        final boolean overtaken = s.started && lines.size() > s.startedAt;
        if (s.split) {
            add(p, "<... " + name(c.source()) + " resumed> = " + c.result(), s, false);
        } else if (overtaken) {
            lines.add(s.startedAt, new Line(p, c.source() + " <unfinished ...>",
                s.beforeOvertaken != null ? s.beforeOvertaken : List.of(), -1));
            for (final Process other : processes.values()) {
                if (other != s && other.started && other.startedAt >= s.startedAt) {
                    other.startedAt++;
                }
            }
            add(p, "<... " + name(c.source()) + " resumed> = " + c.result(), s, false);
        } else {
            add(p, c.source() + " = " + c.result(), s, true);
        }
        s.started = false;
        s.beforeOvertaken = null;
        s.split = false;
    }

    /** The system call's name in a source line ({@code r0 = splice f -> p 1}: splice). */
    private static String name(final String source) {
        String t = source.strip();
        final int eq = t.indexOf(" = ");
        if (eq > 0 && t.substring(0, eq).matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            t = t.substring(eq + 3);
        }
        final int sp = t.indexOf(' ');
        return sp < 0 ? t : t.substring(0, sp);
    }

    private void add(final String p, final String text, final Process s, final boolean foldable) {
        if (!loose.isEmpty()) {
            lines.add(new Line("", "(objects on their own, no process's call)", loose, -1));
            loose = new ArrayList<>();
        }
        for (final Map.Entry<String, Process> o : processes.entrySet()) {
            final Process other = o.getValue();
            if (other != s && other.started && other.beforeOvertaken == null) {
                other.beforeOvertaken = other.events;
                other.events = new ArrayList<>();
            }
        }
        final Line l = new Line(p, text, s.events, foldable ? completed : -1);
        l.foldable = foldable;
        s.events = new ArrayList<>();
        final Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
        if (foldable && last != null && last.foldable && last.process.equals(p) && last.text.equals(text)
            && shape(last.events).equals(shape(l.events))) {
            last.times++;
            return;
        }
        lines.add(l);
    }

    /** Page events without page numbers and counts, to tell whether two calls did the same thing. */
    private static List<String> shape(final List<String> events) {
        final List<String> out = new ArrayList<>(events.size());
        events.forEach(e -> out.add(e.replaceAll("page#\\d+\\.g\\d+", "page").replaceAll("refcount \\S+ -> \\S+", "")
            .replaceAll("\\s+", " ")));
        return out;
    }

    private List<String> print() {
        final List<String> out = new ArrayList<>();
        final List<String> early = new ArrayList<>();
        if (!start.isEmpty()) {
            out.add("       start: the objects fill what they hold");
            start.forEach(e -> out.add("             " + e));
        }
        for (final Line l : lines) {
            out.add(String.format("%5s  %-4s %s%s", l.first < 0 ? "" : Integer.toString(l.first), l.process, l.text,
                l.times > 1 ? "   (x" + l.times + ")" : ""));
            for (final String e : l.events) {
                out.add("             " + e + (l.times > 1 ? "   (the first; the others alike)" : ""));
            }
        }
        for (final Map.Entry<String, Process> p : processes.entrySet()) {
            early.addAll(p.getValue().events);
        }
        early.addAll(loose);
        if (!early.isEmpty() || !end.isEmpty()) {
            out.add("       end of run: every object releases what it holds");
            early.forEach(e -> out.add("             " + e));
            end.forEach(e -> out.add("             " + e));
        }
        return out;
    }
}
