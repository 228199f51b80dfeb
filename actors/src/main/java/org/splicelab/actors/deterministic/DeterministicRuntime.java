package org.splicelab.actors.deterministic;

import akka.actor.ActorPath;
import akka.actor.BootstrapSetup;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.dispatch.ExecutionContexts;
import akka.dispatch.Mailbox;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.SchedulePoints;

/**
 * One Akka Typed system whose actors all run on a single thread the caller drives, one actor step (one
 * message) at a time, with every ordering Akka leaves open made by a seeded {@link Strategy} and
 * recorded as a {@link Decision} list: which ready actor steps next (ordered by path, never by hash),
 * which sender's message it takes next ({@link PerSenderMailbox}), and when timers fire
 * ({@link VirtualScheduler}: only when nothing else can move). The same strategy, or the recorded
 * decisions, give the same run. The system is created once and reused: each {@link #run} spawns a
 * fresh subtree named {@code run} under the guardian and winds it down before returning.
 *
 * <p>With memory points ({@link RunOptions#withMemoryPoints}) the steps run on worker threads instead,
 * one at a time (a baton passes between the caller and the workers; only its holder runs), so that a
 * step can be suspended at a memory-level point of the arena ({@link SchedulePoints}) while another
 * step runs: those choices are {@link Decision.Kind#MEMORY}. Whichever thread holds the baton between
 * steps drives the run; a step that waits at a spin point (a page lock, a frozen page) is not resumed
 * before another step has made progress (ended, or reached a point that is not a wait).
 *
 * <p>Sends from threads that do not hold the baton (a leak of nondeterminism) are counted and reported
 * in {@link RunResult#foreignSends()}. Runs are serialized (one driver at a time).
 */
public final class DeterministicRuntime implements AutoCloseable {
    private static final Map<String, DeterministicRuntime> REGISTRY = new ConcurrentHashMap<>();
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final String DRIVER = "~driver";
    private static final String TIMER = "~timer";
    private static final String FOREIGN = "~foreign";
    private static final String RUN = "run";
    private static final Runnable POISON = () -> { };
    /** Virtual time after which a run that only fires timers is considered stuck. */
    private static final long HORIZON_NANOS = TimeUnit.DAYS.toNanos(1);
    private static volatile DeterministicRuntime shared;

    private final String name;
    private final ActorSystem<Object> system;
    private final VirtualScheduler scheduler;

    // --- executor state: `ready` and the fields below it are confined to the thread holding the baton
    private volatile boolean controlled;
    /** The one thread that may run controlled code: the run's caller, or (memory points) a worker. */
    private volatile Thread holder;
    private final LinkedBlockingQueue<Runnable> freeQueue = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Runnable> foreignTasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger foreign = new AtomicInteger();
    private int foreignSeen;
    private Thread pump;
    private volatile boolean pumpFiresTimers;
    private final List<Entry> ready = new ArrayList<>();
    private volatile String current = DRIVER;
    private long steps;
    private long tasks;
    /** The running step's number (with memory points, steps interleave: not always {@link #steps}). */
    private long currentStep;
    /** The send order of the message the running step took ({@link Long#MAX_VALUE} before it took one). */
    private long currentSequence = Long.MAX_VALUE;

    // --- the run in progress
    private Strategy strategy = Strategy.first();
    private boolean recording;
    private List<Decision> decisions = new ArrayList<>();
    private Gates gates;
    private Trace trace;
    private RunObserver observer;
    private Predicate<String> processes = RunOptions.PROCESS_NAMES;
    /** The cause of the message the running step took (null before it took one); see {@link ChoicePoint}. */
    private String currentCause;
    private long sequence;
    private int chainChoices;
    private final java.util.Set<String> chainsSeen = new HashSet<>();
    private final Point point = new Point();
    private Object result;
    private boolean resultArrived;
    private String failure;
    private long maxSteps;
    // --- what the run made, taken when it ends (before the wind-down)
    private List<Decision> runDecisions;
    private long runSteps;
    private String runCutOff;
    private String runStrategy;
    private int runChainChoices;
    private int runChains;

    // --- memory points: the steps run on workers (see the class comment); confined to the baton holder
    private static final int SPINS = 256;
    private final SchedulePoints hook = this::point;
    private final List<Worker> workers = new ArrayList<>();
    /** Workers at the loop level, free to drive (most recently idle first). */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    /** Steps suspended at a point, by key. */
    private final List<Worker> parked = new ArrayList<>();
    /** What the next driver runs without a choice: the ready entry a suspended step chose. */
    private Entry pending;
    /** The ready entry whose step runs now (null between steps). */
    private Entry running;
    /**
     * Progress in this run: steps that ended, steps suspended at a point that is not a wait, timers that
     * fired. A step waiting at a spin point is not resumed before there was progress since it spun (two
     * waiters resuming each other would otherwise spin forever).
     */
    private long progress;
    /** Waits at spin points since the last progress: a guard (each waiter waits once per progress, so few). */
    private long waitsWithoutProgress;
    private static final long SPIN_LIMIT = 100_000;
    private Seat callerSeat;
    private Phase phase = Phase.DONE;
    private long windSteps;
    /** Set when a run left steps suspended that nothing can resume: the runtime cannot be used again. */
    private String broken;
    private volatile boolean stopping;

    private enum Phase { RUN, WIND, DONE }

    /** A thread's claim on the baton. */
    private static final class Seat {
        final Thread thread;
        volatile boolean mine;

        Seat(final Thread thread) {
            this.thread = thread;
        }
    }

    /** Thrown in an idle worker when the runtime closes. */
    private static final class WorkerExit extends Error {
        private static final long serialVersionUID = 1L;

        WorkerExit() {
            super(null, null, false, false);
        }
    }

    /** A spinning step has nothing that could release what it waits for. */
    private static final class SpinDeadlock extends Error {
        private static final long serialVersionUID = 1L;

        SpinDeadlock(final String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A thread that runs steps: at the loop level it drives (chooses and runs steps, fires timers); inside
     * a step it may be suspended at a point, remembering the step's context.
     */
    private final class Worker extends Thread {
        final Seat seat = new Seat(this);
        Entry entry;
        String key;
        String cause;
        long step;
        long stepSequence;
        SchedulePoints.Op op;
        long ref;
        boolean spinning;
        long spunAt;

        Worker(final String threadName) {
            super(threadName);
            setDaemon(true);
        }

        DeterministicRuntime runtime() {
            return DeterministicRuntime.this;
        }

        @Override
        public void run() {
            try {
                await(seat);
                drive(this);
            } catch (WorkerExit e) {
                // the runtime closed
            }
        }

        /** A spinning step waits until something progressed since it spun. */
        boolean eligible() {
            return !spinning || progress > spunAt;
        }

        String label() {
            return key + " @" + op.id();
        }
    }
    private final List<String> keys = new ArrayList<>();
    private final List<Integer> indexes = new ArrayList<>();

    /** One runnable the executor holds: a mailbox (key = its actor's path) or a task. */
    private record Entry(String key, Runnable task, PerSenderMailbox.Queue queue, Mailbox mailbox) {
    }

    private record StartRun(Function<ActorRef<Object>, Behavior<?>> body) {
    }

    private enum StopRun { INSTANCE }

    /** A runtime with the default configuration. */
    public DeterministicRuntime() {
        this(ConfigFactory.load());
    }

    /** A runtime over {@code base} (its deterministic settings override whatever {@code base} says). */
    public DeterministicRuntime(final Config base) {
        this.name = "splicelab-det-" + NAMES.incrementAndGet();
        REGISTRY.put(name, this);
        startPump(false);
        try {
            system = ActorSystem.create(guardian(), name, BootstrapSetup.create(config(base))
                .withDefaultExecutionContext(ExecutionContexts.fromExecutor(this::execute)));
        } catch (RuntimeException | Error e) {
            stopPump();
            REGISTRY.remove(name);
            throw e;
        }
        scheduler = (VirtualScheduler) system.classicSystem().scheduler();
        stopPump();
        synchronized (this) {
            holder = Thread.currentThread();
            controlled = true;
            for (Runnable r; (r = freeQueue.poll()) != null; ) {
                addReady(r);
            }
            recording = false;
            quiesce();
            scheduler.reset();
            foreignSeen = foreign.get();
            holder = null;
        }
    }

    /** A process-wide runtime, created on first use and never closed (its threads are daemons). */
    public static DeterministicRuntime shared() {
        DeterministicRuntime r = shared;
        if (r == null) {
            synchronized (DeterministicRuntime.class) {
                r = shared;
                if (r == null) {
                    r = new DeterministicRuntime();
                    shared = r;
                }
            }
        }
        return r;
    }

    static Config config(final Config base) {
        final String me = DeterministicRuntime.class.getPackageName();
        return ConfigFactory.parseString(String.join("\n",
            "akka.jvm-shutdown-hooks = off",
            "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = off",
            "akka.log-dead-letters = 0",
            "akka.log-dead-letters-during-shutdown = off",
            "akka.loglevel = WARNING",
            "akka.stdout-loglevel = OFF",
            "akka.daemonic = on",
            "akka.scheduler.implementation = \"" + me + ".VirtualScheduler\"",
            "akka.loggers-dispatcher = \"splicelab.deterministic.loggers-dispatcher\"",
            "splicelab.deterministic.loggers-dispatcher {",
            "  type = Dispatcher",
            "  executor = thread-pool-executor",
            "  thread-pool-executor.fixed-pool-size = 1",
            "}",
            "akka.actor.default-dispatcher {",
            "  executor = default-executor",
            "  throughput = 1",
            "  throughput-deadline-time = 0ms",
            "}",
            "akka.actor.internal-dispatcher = \"akka.actor.default-dispatcher\"",
            "akka.actor.default-mailbox.mailbox-type = \"" + me + ".PerSenderMailbox\"",
            "akka.actor.typed.default-mailbox.mailbox-type = \"" + me + ".PerSenderMailbox\""))
            .withFallback(base).resolve();
    }

    static DeterministicRuntime registered(final String systemName) {
        final DeterministicRuntime r = REGISTRY.get(systemName);
        if (r == null) {
            throw new IllegalStateException("PerSenderMailbox used outside a DeterministicRuntime (system "
                + systemName + ")");
        }
        return r;
    }

    /** The key of an actor: its path without address or uid. */
    static String key(final ActorPath path) {
        return path.toStringWithoutAddress();
    }

    /** The last element of a key. */
    static String name(final String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    /** The message inside Akka's typed adapter wrappers. */
    public static Object unwrap(final Object message) {
        if (message instanceof akka.actor.typed.internal.AdaptMessage<?, ?> a) {
            return a.message();
        }
        if (message instanceof akka.actor.typed.internal.AdaptWithRegisteredMessageAdapter<?> a) {
            return a.msg();
        }
        return message;
    }

    /** The system's name (for diagnostics). */
    public String systemName() {
        return name;
    }

    // ------------------------------------------------------------------ runs

    /**
     * One run: spawns {@code body.apply(done)} as {@code /user/run} and drives the system until
     * something is told to {@code done}; every choice goes to {@code strategy} and is recorded. The
     * run's subtree is then stopped and the system quiesced (those steps take the first option and
     * are not recorded), so the next run starts from the same state.
     *
     * @param body what to spawn; it must eventually tell {@code done} exactly one result
     */
    @SuppressWarnings("unchecked")
    public synchronized <R> RunResult<R> run(final Function<ActorRef<R>, Behavior<?>> body, final Strategy strategy,
                                             final RunOptions options) {
        holder = Thread.currentThread();
        this.strategy = strategy;
        recording = true;
        decisions = new ArrayList<>();
        gates = options.gates();
        trace = options.trace();
        observer = options.observer();
        processes = options.processes() != null ? options.processes() : RunOptions.PROCESS_NAMES;
        sequence = 0;
        chainChoices = 0;
        chainsSeen.clear();
        steps = 0;
        tasks = 0;
        currentStep = 0;
        currentSequence = Long.MAX_VALUE;
        result = null;
        resultArrived = false;
        failure = null;
        maxSteps = options.maxSteps();
        current = DRIVER;
        if (broken != null) {
            holder = null;
            throw new IllegalStateException("this deterministic runtime cannot run again: " + broken);
        }
        if (trace != null) {
            trace.attach(this);
        }
        try {
            drainForeign();
            final Function<ActorRef<Object>, Behavior<?>> b = done -> body.apply((ActorRef<R>) (ActorRef<?>) done);
            system.tell(new StartRun(b));
            if (options.memoryPoints() != null) {
                driveOnWorkers(options.memoryPoints());
            } else {
                String cutOff = null;
                while (!resultArrived) {
                    if (step()) {
                        if (steps > options.maxSteps()) {
                            cutOff = "cut off after " + options.maxSteps() + " steps (livelock?)";
                            break;
                        }
                        continue;
                    }
                    if (scheduler.nowNanos() > HORIZON_NANOS || !fireTimer()) {
                        cutOff = "no actor can move and no timer is pending, yet nothing was reported";
                        break;
                    }
                }
                endRun(cutOff);
                windDown(!resultArrived);
            }
            final int f = foreign.get() - foreignSeen;
            foreignSeen += f;
            return new RunResult<>((R) result, runDecisions, runSteps, f, runCutOff, runStrategy, runChainChoices,
                runChains);
        } finally {
            if (trace != null) {
                trace.detach();
            }
            trace = null;
            observer = null;
            holder = null;
        }
    }

    /** Takes what the run made (before the wind-down, whose steps are not part of it). */
    private void endRun(final String cutOff) {
        runCutOff = failure != null && cutOff == null ? failure : cutOff;
        runDecisions = List.copyOf(decisions);
        runSteps = steps;
        runStrategy = strategy.describe();
        runChainChoices = chainChoices;
        runChains = chainsSeen.size();
    }

    private void windDown(final boolean stopRun) {
        beginWindDown(stopRun);
        quiesce();
        scheduler.reset();
    }

    private void beginWindDown(final boolean stopRun) {
        recording = false;
        strategy = Strategy.first();
        gates = null;
        if (stopRun) {
            system.tell(StopRun.INSTANCE);
        }
    }

    // ------------------------------------------------------------------ memory points: steps on workers

    /**
     * The run (and its wind-down) on the workers: the caller hands the baton to a worker, which drives;
     * the baton comes back when every step has ended.
     */
    private void driveOnWorkers(final PageArena arena) {
        final Seat me = new Seat(Thread.currentThread());
        callerSeat = me;
        phase = Phase.RUN;
        pending = null;
        running = null;
        progress = 0;
        waitsWithoutProgress = 0;
        windSteps = 0;
        arena.schedulePoints(hook);
        try {
            give(me, driver().seat);
        } finally {
            arena.schedulePoints(null);
            callerSeat = null;
            current = DRIVER;
            currentCause = null;
        }
        scheduler.reset();
        if (broken != null) {
            throw new IllegalStateException(broken);
        }
    }

    /** The loop a worker runs while it holds the baton outside a step. */
    private void drive(final Worker self) {
        while (true) {
            if (phase == Phase.RUN) {
                if (resultArrived) {
                    endRun(null);
                    beginWindDown(false);
                    phase = Phase.WIND;
                } else if (stepOnWorker(self)) {
                    if (steps > maxSteps) {
                        endRun("cut off after " + maxSteps + " steps (livelock?)");
                        beginWindDown(!resultArrived);
                        phase = Phase.WIND;
                    }
                } else if (scheduler.nowNanos() > HORIZON_NANOS || !fireTimer()) {
                    endRun(parked.isEmpty() ? "no actor can move and no timer is pending, yet nothing was reported"
                        : "deadlock: every step left waits at a spin point (" + parkedLabels() + ")");
                    beginWindDown(!resultArrived);
                    phase = Phase.WIND;
                }
            } else if (phase == Phase.WIND) {
                if (stepOnWorker(self)) {
                    if (++windSteps > RunOptions.DEFAULT_MAX_STEPS) {
                        broken = "the deterministic system did not quiesce after " + windSteps + " steps";
                        phase = Phase.DONE;
                    }
                } else {
                    if (!parked.isEmpty()) {
                        broken = "the run ended with steps suspended that nothing can resume: " + parkedLabels();
                    }
                    phase = Phase.DONE;
                }
            } else {
                idle.push(self);
                give(self.seat, callerSeat);
            }
        }
    }

    /**
     * One choice between steps: the chosen ready entry runs on this thread, or this thread hands the
     * baton to the chosen suspended step (and drives again when it gets it back). False when nothing can run.
     */
    private boolean stepOnWorker(final Worker self) {
        drainForeign();
        Entry e = pending;
        pending = null;
        if (e == null) {
            final List<Object> options = new ArrayList<>(parked.size() + ready.size());
            for (final Worker w : parked) {
                if (w.eligible()) {
                    options.add(w);
                }
            }
            final boolean suspended = !options.isEmpty();
            options.addAll(ready);
            if (options.isEmpty()) {
                return false;
            }
            final int i = options.size() == 1 ? 0 : suspended ? decide(point.memory(options), 1)
                : decide(point.actors(readyKeys()), 1);
            if (options.get(i) instanceof Worker w) {
                parked.remove(w);
                idle.push(self);
                give(self.seat, w.seat);
                return true;
            }
            e = (Entry) options.get(i);
        }
        for (int i = 0; i < ready.size(); i++) {
            if (ready.get(i) == e) {
                ready.remove(i);
                break;
            }
        }
        runStep(e);
        return true;
    }

    /**
     * The arena's hook: the step running on this worker reached {@code op}. The strategy chooses between
     * going on (option 0; not offered at a spin point), resuming another suspended step, and starting a
     * ready actor's step; this thread waits until it is chosen again.
     */
    private void point(final SchedulePoints.Op op, final long ref) {
        final Thread t = Thread.currentThread();
        if (t != holder || running == null || !(t instanceof Worker) || ((Worker) t).runtime() != this) {
            return;
        }
        final Worker w = (Worker) t;
        w.entry = running;
        w.key = current;
        w.cause = currentCause;
        w.step = currentStep;
        w.stepSequence = currentSequence;
        w.op = op;
        w.ref = ref;
        w.spinning = op.spin();
        w.spunAt = progress;
        final List<Object> options = new ArrayList<>(1 + parked.size() + ready.size());
        if (!w.spinning) {
            options.add(w);
        }
        for (final Worker p : parked) {
            if (p.eligible()) {
                options.add(p);
            }
        }
        options.addAll(ready);
        if (w.spinning && ++waitsWithoutProgress > SPIN_LIMIT) {
            final String why = "livelock: steps waited " + SPIN_LIMIT + " times at spin points without progress ("
                + w.label() + ")";
            failure = failure != null ? failure : why;
            throw new SpinDeadlock(why);
        }
        if (options.isEmpty()) {
            final String why = "deadlock: " + w.label() + " waits and no other step can run";
            failure = failure != null ? failure : why;
            throw new SpinDeadlock(why);
        }
        final int i = options.size() == 1 ? 0 : decide(point.memory(options), 0);
        final Object chosen = options.get(i);
        if (chosen == w) {
            return;
        }
        if (trace != null) {
            trace.stepEnded(w.step, w.key);
        }
        if (observer != null) {
            observer.stepEnded(w.step, w.key);
        }
        if (!w.spinning) {
            progressed();
        }
        int at = parked.size();
        while (at > 0 && parked.get(at - 1).key.compareTo(w.key) > 0) {
            at--;
        }
        parked.add(at, w);
        running = null;
        current = DRIVER;
        currentCause = null;
        if (chosen instanceof Worker other) {
            parked.remove(other);
            give(w.seat, other.seat);
        } else {
            pending = (Entry) chosen;
            give(w.seat, driver().seat);
        }
        // resumed: whoever chose this step took it out of `parked`
        running = w.entry;
        current = w.key;
        currentCause = w.cause;
        currentStep = w.step;
        currentSequence = w.stepSequence;
        w.spinning = false;
        if (trace != null) {
            trace.stepResumed(w.step, w.key, op.id(), ref);
        }
        if (observer != null) {
            observer.stepStarted(w.step, w.key);
        }
    }

    private void progressed() {
        progress++;
        waitsWithoutProgress = 0;
    }

    private String parkedLabels() {
        final List<String> out = new ArrayList<>();
        parked.forEach(w -> out.add(Trace.display(w.label())));
        return String.join(", ", out);
    }

    /** An idle worker, or a new one. */
    private Worker driver() {
        final Worker w = idle.poll();
        if (w != null) {
            return w;
        }
        final Worker fresh = new Worker(name + "-worker-" + workers.size());
        workers.add(fresh);
        fresh.start();
        return fresh;
    }

    /** Hands the baton from the calling thread ({@code from}) to {@code to}; returns when it comes back. */
    private void give(final Seat from, final Seat to) {
        from.mine = false;
        holder = to.thread;
        to.mine = true;
        LockSupport.unpark(to.thread);
        await(from);
    }

    /** Waits for the baton (an interrupt is kept for later: the run cannot be abandoned half-way). */
    private void await(final Seat s) {
        boolean interrupted = false;
        for (int spin = 0; !s.mine; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (stopping && s.thread instanceof Worker) {
            throw new WorkerExit();
        }
    }

    /** Runs steps (first option, unrecorded) until no actor can move. */
    private void quiesce() {
        long n = 0;
        while (step()) {
            if (++n > RunOptions.DEFAULT_MAX_STEPS) {
                throw new IllegalStateException("the deterministic system did not quiesce after " + n + " steps");
            }
        }
    }

    private boolean fireTimer() {
        final String saved = current;
        current = TIMER;
        progressed();
        try {
            return scheduler.fireNext();
        } finally {
            current = saved;
        }
    }

    private Behavior<Object> guardian() {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(msg -> {
            if (msg instanceof StartRun s) {
                @SuppressWarnings("unchecked")
                final Behavior<Object> b = (Behavior<Object>) s.body().apply(ctx.getSelf());
                ctx.spawn(b, RUN);
            } else if (msg == StopRun.INSTANCE) {
                ctx.getChild(RUN).ifPresent(ctx::stop);
            } else {
                if (!resultArrived) {
                    result = msg;
                    resultArrived = true;
                }
                ctx.getChild(RUN).ifPresent(ctx::stop);
            }
            return Behaviors.same();
        }));
    }

    // ------------------------------------------------------------------ the executor

    private void execute(final Runnable r) {
        if (!controlled) {
            freeQueue.add(r);
        } else if (Thread.currentThread() != holder) {
            foreign.incrementAndGet();
            foreignTasks.add(r);
        } else {
            addReady(r);
        }
    }

    private void drainForeign() {
        for (Runnable r; (r = foreignTasks.poll()) != null; ) {
            addReady(r);
        }
    }

    private void addReady(final Runnable r) {
        final Entry e;
        if (r instanceof Mailbox m && m.messageQueue() instanceof PerSenderMailbox.Queue q) {
            e = new Entry(q.owner(), r, q, m);
        } else if (r instanceof Mailbox m) {
            e = new Entry(key(m.actor().self().path()), r, null, m);
        } else {
            e = new Entry(String.format("~task-%06d", tasks++), r, null, null);
        }
        int i = ready.size();
        while (i > 0 && ready.get(i - 1).key().compareTo(e.key()) > 0) {
            i--;
        }
        ready.add(i, e);
    }

    /** Runs one actor step; false when no actor is ready. */
    private boolean step() {
        drainForeign();
        if (ready.isEmpty()) {
            return false;
        }
        final int i = gates != null ? gatedPick() : ready.size() == 1 ? 0
            : decide(point.actors(readyKeys()), 1);
        runStep(ready.remove(i));
        return true;
    }

    /** Runs one actor step on this thread (with memory points it may be suspended at points meanwhile). */
    private void runStep(final Entry e) {
        final long n = ++steps;
        current = e.key();
        currentCause = null;
        currentStep = n;
        currentSequence = Long.MAX_VALUE;
        running = e;
        if (trace != null) {
            trace.stepStarted(n, e.key());
        }
        if (observer != null) {
            observer.stepStarted(n, e.key());
        }
        try {
            e.task().run();
        } catch (WorkerExit x) {
            throw x;
        } catch (Throwable t) {
            if (failure == null) {
                failure = "step " + n + " (" + e.key() + ") threw " + t;
            }
        } finally {
            progressed();
            running = null;
            current = DRIVER;
            currentCause = null;
            currentSequence = Long.MAX_VALUE;
            if (e.queue() != null) {
                e.queue().takeReleased();
            }
            if (trace != null) {
                trace.stepEnded(n, e.key());
            }
            if (observer != null) {
                observer.stepEnded(n, e.key());
            }
        }
    }

    private List<String> readyKeys() {
        keys.clear();
        for (final Entry e : ready) {
            keys.add(e.key());
        }
        return keys;
    }

    private int decide(final Point p, final int stepOffset) {
        final Decision.Kind kind = p.kind();
        final List<String> options = p.options();
        final int n = options.size();
        final int c = strategy.choose(p);
        if (c < 0 || c >= n) {
            throw new IllegalStateException(strategy.describe() + " chose " + c + " of " + n);
        }
        if (recording) {
            final List<String> causes = p.causes();
            if (causes.size() >= 2) {
                chainChoices++;
                chainsSeen.addAll(causes);
            }
            final Decision d = new Decision(kind, c, n);
            decisions.add(d);
            if (trace != null) {
                trace.choice(stepOffset == 0 ? currentStep : steps + stepOffset, d, options);
            }
        }
        return c;
    }

    /** Syscall-level exploration: internal work first, in path order; else choose a process step. */
    private int gatedPick() {
        for (int i = 0; i < ready.size(); i++) {
            if (hasInternalWork(ready.get(i))) {
                return i;
            }
        }
        final List<String> options = new ArrayList<>();
        final List<Integer> entries = new ArrayList<>();
        final List<String> senders = new ArrayList<>();
        for (int i = 0; i < ready.size(); i++) {
            keys.clear();
            indexes.clear();
            ready.get(i).queue().waiting(keys, indexes);
            for (final String s : keys) {
                options.add(s + " -> " + ready.get(i).key());
                entries.add(i);
                senders.add(s);
            }
        }
        if (options.isEmpty()) {
            return 0;
        }
        final int j = options.size() == 1 ? 0 : decide(point.processSteps(options, entries, senders), 1);
        final PerSenderMailbox.Queue q = ready.get(entries.get(j)).queue();
        q.release(senders.get(j));
        if (observer != null) {
            observer.processStep(senders.get(j), q.owner(), senders);
        }
        return entries.get(j);
    }

    private boolean hasInternalWork(final Entry e) {
        final PerSenderMailbox.Queue q = e.queue();
        if (q == null || e.mailbox().hasSystemMessages() || !q.hasMessages()) {
            return true;
        }
        if (!gates.receiver().test(q.ownerName())) {
            return true;
        }
        final int n = q.senderCount();
        for (int i = 0; i < n; i++) {
            if (q.waitingAt(i) && !gates.sender().test(name(q.senderAt(i)))) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ called by PerSenderMailbox

    /** The key of the actor whose step is running (the sender of whatever is enqueued now). */
    String currentSender() {
        if (controlled && Thread.currentThread() != holder) {
            foreign.incrementAndGet();
            return FOREIGN;
        }
        return current;
    }

    /** Which sender's head {@code q} delivers next: an index, or -1 for none now. */
    int pickSender(final PerSenderMailbox.Queue q) {
        if (!controlled || Thread.currentThread() != holder) {
            return firstWaiting(q);
        }
        if (gates != null) {
            if (!gates.receiver().test(q.ownerName())) {
                return firstWaiting(q);
            }
            final int n = q.senderCount();
            for (int i = 0; i < n; i++) {
                if (q.waitingAt(i) && !gates.sender().test(name(q.senderAt(i)))) {
                    return i;
                }
            }
            final String released = q.takeReleased();
            return released == null ? -1 : q.indexOfWaiting(released);
        }
        keys.clear();
        indexes.clear();
        q.waiting(keys, indexes);
        if (keys.size() == 1) {
            return indexes.get(0);
        }
        final List<String> options = new ArrayList<>(keys);
        final List<Integer> at = new ArrayList<>(indexes);
        return at.get(decide(point.messages(options, q, at), 0));
    }

    private static int firstWaiting(final PerSenderMailbox.Queue q) {
        final int n = q.senderCount();
        for (int i = 0; i < n; i++) {
            if (q.waitingAt(i)) {
                return i;
            }
        }
        return -1;
    }

    void delivered(final PerSenderMailbox.Queue q, final String sender, final Object message, final String cause,
                   final long sentAs) {
        if (!isDriverThread()) {
            return;
        }
        currentCause = processes.test(q.ownerName()) ? q.owner() : cause;
        currentSequence = sentAs;
        final Trace t = trace;
        if (t != null) {
            t.delivery(currentStep, q.owner(), sender, message);
        }
        final RunObserver o = observer;
        if (o != null) {
            o.delivered(currentStep, q.owner(), sender, message);
        }
    }

    /**
     * The cause of a message sent now to {@code receiver} (see {@link ChoicePoint}): the running step's
     * (a process acts for itself; any other actor for the cause of the message it took), else the
     * receiver's own key.
     */
    String causeOfSendTo(final String receiver) {
        if (!isDriverThread()) {
            return receiver;
        }
        if (currentCause != null) {
            return currentCause;
        }
        if (!current.startsWith("~") && processes.test(name(current))) {
            return current;
        }
        return receiver;
    }

    /** The cause the running step serves (see {@link ChoicePoint}): its message's, a process's own, else the actor. */
    String currentCause() {
        if (currentCause != null) {
            return currentCause;
        }
        return current;
    }

    /** The run's send counter (the order of messages with the same cause). */
    long nextSequence() {
        return sequence++;
    }

    /** What a strategy sees of the choice being made (one instance, refilled for each choice). */
    private final class Point implements ChoicePoint {
        private Decision.Kind kind;
        private List<String> options;
        private PerSenderMailbox.Queue queue;
        private List<Integer> indexes;
        private List<String> senders;
        /** MEMORY: suspended steps ({@link Worker}) and ready entries. */
        private List<Object> steps;
        /** MEMORY: the options' keys, made only when asked (traces, comments); most choices only count them. */
        private final List<String> labels = new java.util.AbstractList<>() {
            @Override
            public String get(final int i) {
                final Object x = steps.get(i);
                return x instanceof Worker w ? w.label() : ((Entry) x).key();
            }

            @Override
            public int size() {
                return steps.size();
            }
        };

        Point actors(final List<String> o) {
            kind = Decision.Kind.ACTOR;
            options = o;
            return this;
        }

        Point memory(final List<Object> o) {
            kind = Decision.Kind.MEMORY;
            steps = o;
            options = labels;
            return this;
        }

        Point messages(final List<String> o, final PerSenderMailbox.Queue q, final List<Integer> fifoIndexes) {
            kind = Decision.Kind.MESSAGE;
            options = o;
            queue = q;
            indexes = fifoIndexes;
            return this;
        }

        Point processSteps(final List<String> o, final List<Integer> readyIndexes, final List<String> from) {
            kind = Decision.Kind.PROCESS_STEP;
            options = o;
            indexes = readyIndexes;
            senders = from;
            return this;
        }

        @Override
        public Decision.Kind kind() {
            return kind;
        }

        @Override
        public List<String> options() {
            return options;
        }

        @Override
        public int heads(final int option) {
            if (kind == Decision.Kind.MEMORY) {
                return steps.get(option) instanceof Entry e ? entryHeads(e) : 1;
            }
            if (kind != Decision.Kind.ACTOR) {
                return 1;
            }
            return entryHeads(ready.get(option));
        }

        private int entryHeads(final Entry e) {
            if (e.queue() == null) {
                return 1;
            }
            return Math.max(1, e.queue().waitingCount() + (e.mailbox().hasSystemMessages() ? 1 : 0));
        }

        @Override
        public String cause(final int option, final int head) {
            switch (kind) {
                case ACTOR:
                    return entryCause(ready.get(option), head);
                case MEMORY: {
                    if (steps.get(option) instanceof Entry e) {
                        return entryCause(e, head);
                    }
                    final Worker w = (Worker) steps.get(option);
                    return w.cause != null ? w.cause : w.key;
                }
                case MESSAGE:
                    return queue.headCause(indexes.get(option));
                default: {
                    final PerSenderMailbox.Queue q = ready.get(indexes.get(option)).queue();
                    return q.headCause(q.indexOfWaiting(senders.get(option)));
                }
            }
        }

        private String entryCause(final Entry e, final int head) {
            final PerSenderMailbox.Queue q = e.queue();
            if (q == null) {
                return e.key();
            }
            return head < q.waitingCount() ? q.waitingCause(head) : q.owner();
        }

        @Override
        public long sequence(final int option, final int head) {
            switch (kind) {
                case ACTOR:
                    return entrySequence(ready.get(option), head);
                case MEMORY:
                    return steps.get(option) instanceof Entry e ? entrySequence(e, head)
                        : ((Worker) steps.get(option)).stepSequence;
                case MESSAGE:
                    return queue.headSequence(indexes.get(option));
                default: {
                    final PerSenderMailbox.Queue q = ready.get(indexes.get(option)).queue();
                    return q.headSequence(q.indexOfWaiting(senders.get(option)));
                }
            }
        }

        private long entrySequence(final Entry e, final int head) {
            final PerSenderMailbox.Queue q = e.queue();
            return q != null && head < q.waitingCount() ? q.waitingSequence(head) : Long.MAX_VALUE;
        }
    }

    boolean isDriverThread() {
        return controlled && Thread.currentThread() == holder;
    }

    /** The running step's number (between steps: the last step's). */
    long steps() {
        return currentStep;
    }

    // ------------------------------------------------------------------ free running (start-up, shutdown)

    private void startPump(final boolean firesTimers) {
        controlled = false;
        pumpFiresTimers = firesTimers;
        pump = new Thread(() -> {
            try {
                while (true) {
                    final Runnable r = freeQueue.poll(50, TimeUnit.MILLISECONDS);
                    if (r == POISON) {
                        return;
                    }
                    if (r != null) {
                        r.run();
                    } else if (pumpFiresTimers) {
                        scheduler.fireNext();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "splicelab-deterministic-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private void stopPump() {
        freeQueue.add(POISON);
        try {
            pump.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pump = null;
    }

    /** Terminates the system (its remaining steps run free on a helper thread). */
    @Override
    public synchronized void close() {
        if (pump != null || !REGISTRY.containsKey(name)) {
            return;
        }
        for (final Entry e : ready) {
            freeQueue.add(e.task());
        }
        ready.clear();
        for (Runnable r; (r = foreignTasks.poll()) != null; ) {
            freeQueue.add(r);
        }
        stopping = true;
        for (final Worker w : idle) {
            w.seat.mine = true;
            LockSupport.unpark(w);
        }
        idle.clear();
        startPump(true);
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("deterministic actor system did not terminate", e);
        } finally {
            stopPump();
            REGISTRY.remove(name);
            if (shared == this) {
                shared = null;
            }
        }
    }
}
