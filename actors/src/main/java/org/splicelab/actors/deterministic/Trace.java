package org.splicelab.actors.deterministic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.PageTracer;
import org.splicelab.memory.ViolationEvent;

/**
 * The readable record of one deterministic run: every message delivered (to which actor, from which
 * sender), every choice, and every refcount change on the arena with the actor that made it and the
 * counts before and after; violations where they were reported. Attach it to a run through
 * {@link RunOptions#withTrace}; it hooks the arena ({@link PageArena#tracer}) only for that run.
 * Confined to the run's driver thread.
 */
public final class Trace implements PageTracer {
    private static final Pattern ACTOR_REF = Pattern.compile("Actor\\[akka://[^/\\]]+(/[^#\\]]*)(#-?\\d+)?\\]");
    /** Identity hashes (byte arrays, lambdas) differ between JVMs: a trace must not show them. */
    private static final Pattern BYTES = Pattern.compile("\\[B@[0-9a-f]+");
    private static final Pattern LAMBDA = Pattern.compile("[\\w.$]*\\$\\$Lambda\\$[\\w$./]*@[0-9a-f]+");
    private static final Pattern HASH = Pattern.compile("@[0-9a-f]{4,}");
    private static final int MESSAGE_CHARS = 140;

    /** Something that happened in a step. */
    public sealed interface Event permits Delivery, PageOp, Choice, ViolationSeen, CallsCompleted {
        long step();
    }

    /**
     * {@code receiver} took {@code message} (from {@code sender}); {@code type} is the message's simple
     * class name (adapters unwrapped). Names have the run's prefix stripped.
     */
    public record Delivery(long step, String receiver, String sender, String message, String type) implements Event {
        public Delivery(final long step, final String receiver, final String sender, final String message) {
            this(step, receiver, sender, message, "");
        }
    }

    /**
     * {@code actor} changed (or checked) {@code ref}'s refcount from {@code before} to {@code after},
     * serving {@code cause} (the process whose call it was part of, see {@link ChoicePoint}; else the actor).
     */
    public record PageOp(long step, String actor, String operation, long ref, int before, int after, String cause)
        implements Event {
    }

    /** A scheduling choice: option {@code chosen} of {@code options}. */
    public record Choice(long step, Decision decision, List<String> options) implements Event {
    }

    /** The checker reported a violation while {@code actor} ran, serving {@code cause}. */
    public record ViolationSeen(long step, String actor, ViolationEvent event, String cause) implements Event {
    }

    /** {@code actor} (a process) completed {@code count} system calls in this step (see {@link #countCalls}). */
    public record CallsCompleted(long step, String actor, int count) implements Event {
    }

    private final PageArena arena;
    private final List<Event> events = new ArrayList<>();
    private final Consumer<ViolationEvent> listener = this::onViolation;
    private DeterministicRuntime runtime;
    /** The step whose actor has run no message yet (its page operations come from system messages). */
    private long pendingStep = -1;
    private String pendingActor;
    private LongSupplier calls;
    private long callsAtStart;

    /** A trace of the runs that use {@code arena}. */
    public Trace(final PageArena arena) {
        this.arena = arena;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }

    void attach(final DeterministicRuntime r) {
        runtime = r;
        arena.tracer(this);
        arena.audit().addListener(listener);
    }

    void detach() {
        arena.tracer(null);
        arena.audit().removeListener(listener);
        runtime = null;
    }

    /**
     * Counts system calls: {@code completed} is the kernel's count of completed calls; after each step
     * that raised it, a {@link CallsCompleted} event says how many the step's actor completed.
     */
    public void countCalls(final LongSupplier completed) {
        this.calls = completed;
    }

    void delivery(final long step, final String receiver, final String sender, final Object message) {
        pendingStep = -1;
        final Object m = DeterministicRuntime.unwrap(message);
        events.add(new Delivery(step, display(receiver), display(sender), describe(message),
            m == null ? "" : m.getClass().getSimpleName()));
    }

    /** A step begins; if it changes pages before taking a message, a header line is written first. */
    void stepStarted(final long step, final String actor) {
        pendingStep = step;
        pendingActor = actor;
        if (calls != null) {
            callsAtStart = calls.getAsLong();
        }
    }

    /**
     * A step suspended at a memory-level point resumes ({@code point}: where, on page {@code ref}): its
     * page operations from now on are its own again; a line says so.
     */
    void stepResumed(final long step, final String actor, final String point, final long ref) {
        pendingStep = -1;
        events.add(new Delivery(step, display(actor), "", "(resumes at " + point
            + (ref == PageRef.NULL ? "" : " on " + PageRef.toString(ref)) + ")", ""));
        if (calls != null) {
            callsAtStart = calls.getAsLong();
        }
    }

    /** A step ended, or was suspended at a memory-level point. */
    void stepEnded(final long step, final String actor) {
        if (calls != null) {
            final long n = calls.getAsLong() - callsAtStart;
            if (n > 0) {
                events.add(new CallsCompleted(step, display(actor), (int) n));
            }
        }
    }

    private void flushPending() {
        if (pendingStep >= 0) {
            events.add(new Delivery(pendingStep, display(pendingActor), "", "(system message: start, watch or stop)"));
            pendingStep = -1;
        }
    }

    void choice(final long step, final Decision d, final List<String> options) {
        final List<String> shown = new ArrayList<>(options.size());
        options.forEach(o -> shown.add(display(o)));
        events.add(new Choice(step, d, shown));
    }

    @Override
    public void refCountChanged(final String operation, final long ref, final int before, final int after) {
        final DeterministicRuntime r = runtime;
        if (r != null && r.isDriverThread()) {
            flushPending();
            events.add(new PageOp(r.steps(), display(r.currentSender()), operation, ref, before, after,
                display(r.currentCause())));
        }
    }

    private void onViolation(final ViolationEvent e) {
        final DeterministicRuntime r = runtime;
        if (r != null && r.isDriverThread()) {
            flushPending();
            events.add(new ViolationSeen(r.steps(), display(r.currentSender()), e, display(r.currentCause())));
        }
    }

    /**
     * An actor key as a trace shows it, without {@code #uid}: its name (the last path element; with its
     * parent's for Akka's {@code $}-named helpers), {@code guardian} for {@code /user}.
     */
    public static String display(final String key) {
        if (key.equals("/user")) {
            return "guardian";
        }
        if (key.startsWith("~")) {
            return key.substring(1);
        }
        final int slash = key.lastIndexOf('/');
        if (slash < 0) {
            return key;
        }
        final String last = key.substring(slash + 1);
        if (last.startsWith("$") && slash > 0) {
            return key.substring(key.lastIndexOf('/', slash - 1) + 1);
        }
        return last;
    }

    /** A message as a trace shows it: adapters unwrapped, actor references as names, at most 140 characters. */
    public static String describe(final Object message) {
        final Object m = DeterministicRuntime.unwrap(message);
        final String text;
        if (m instanceof Enum<?> e) {
            text = e.getDeclaringClass().getSimpleName();
        } else if (m instanceof Record) {
            text = m.toString();
        } else {
            text = m == null ? "null" : m.getClass().getSimpleName();
        }
        final Matcher matcher = ACTOR_REF.matcher(text);
        final StringBuilder sb = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(sb, Matcher.quoteReplacement(display(matcher.group(1))));
        }
        matcher.appendTail(sb);
        String clean = BYTES.matcher(sb).replaceAll("byte[]");
        clean = LAMBDA.matcher(clean).replaceAll("lambda");
        clean = HASH.matcher(clean).replaceAll("");
        sb.setLength(0);
        sb.append(clean);
        return sb.length() <= MESSAGE_CHARS ? sb.toString() : sb.substring(0, MESSAGE_CHARS - 3) + "...";
    }

    /** A refcount as a trace shows it. */
    public static String count(final int c) {
        return c == PageArena.FROZEN ? "frozen" : Integer.toString(c);
    }

    /** The trace as text, one line per event (page operations indented under the delivery they belong to). */
    public String render() {
        final StringBuilder sb = new StringBuilder();
        for (final Event e : events) {
            if (e instanceof Delivery d) {
                sb.append(String.format("%6d  %-16s <- %s%s%n", d.step(), d.receiver(), d.message(),
                    d.sender().isEmpty() ? "" : d.sender().equals(d.receiver()) ? " (self)" : " (from " + d.sender() + ")"));
            } else if (e instanceof PageOp p) {
                sb.append(String.format("%6s  %-16s    %-14s %-12s refcount %s -> %s%n", "", p.actor(), p.operation(),
                    PageRef.toString(p.ref()), count(p.before()), count(p.after())));
            } else if (e instanceof Choice c) {
                sb.append(String.format("%6d  choice %s: %s of %s%n", c.step(), c.decision(),
                    c.options().get(c.decision().chosen()), c.options()));
            } else if (e instanceof ViolationSeen v) {
                sb.append(String.format("%6s  %-16s    !! VIOLATION %s%n", "", v.actor(), v.event().violation().id()
                    + " on " + PageRef.toString(v.event().pageRef()) + " in " + v.event().operation()
                    + (v.event().detail().isEmpty() ? "" : " (" + v.event().detail() + ")")));
            }
        }
        return sb.toString();
    }
}
