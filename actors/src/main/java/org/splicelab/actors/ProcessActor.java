package org.splicelab.actors;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.PostStop;
import akka.actor.typed.Signal;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.SyscallResult;

/**
 * A user process: an fd table of inherited descriptions, anonymous memory, and a program it runs one
 * system call at a time. Argument checks happen here in the kernel's order (SEMANTICS §2.0, done by
 * {@link SyscallChecks}); the work is a conversation with the objects' actors. Exit closes every
 * descriptor (waiting for each object to acknowledge) and unmaps memory, then reports the registers.
 */
public final class ProcessActor extends DirectBehavior<ProcessActor.Msg> {
    /** What a process accepts. */
    public interface Msg {
    }

    /** Begin running the program. */
    public enum Start implements Msg { INSTANCE }

    /** Stop now (deadlock or an aborted run): report the registers so far and stop. */
    public enum Abort implements Msg { INSTANCE }

    /**
     * Kill the process (a scenario fault): it exits as do_exit does, closing every descriptor and
     * unmapping its memory, whatever call it was in; the reply to that call is ignored.
     */
    public enum Kill implements Msg { INSTANCE }

    /**
     * Finish the run gracefully (end of a scenario): the call in progress completes (so every page
     * reference in flight reaches its owner), then the process exits as usual.
     */
    public enum Finish implements Msg { INSTANCE }

    /** The end of a think time. */
    private enum Resume implements Msg { INSTANCE }

    /** Sent to the parent when the process has exited (or was aborted). */
    public record Finished(String name, Map<String, SyscallResult> registers, List<TraceLine> trace,
                           boolean completed, String failure) {
    }

    /** One completed system call, for traces. */
    public record TraceLine(String process, int line, String source, SyscallResult result) {
    }

    private record Reply(SyscallResult result) implements Msg {
    }

    private record FillReply(PipeIo.Filled filled) implements Msg {
    }

    private record DrainReply(PipeIo.Drained drained) implements Msg {
    }

    /** The owner of a file filled the page a lookup of this process missed. */
    private record FileFilled(PageCacheProtocol.Filled filled) implements Msg {
    }

    /**
     * On the deterministic runtime, a call that touches shared state without a message (a file read
     * through the lock-free page cache, fstat, FIONREAD) runs when this arrives, so that the call is a
     * process step the explorer can order against other processes' steps.
     */
    private enum Perform implements Msg { INSTANCE }

    /**
     * Lets other actors on this thread run: sent to itself after {@link #CALLS_PER_STEP} calls in a row
     * that completed without a message (file reads that hit the cache, memory stores), as a preempted
     * task gives up its CPU.
     */
    private enum Yield implements Msg { INSTANCE }

    private static final int CALLS_PER_STEP = 32;


    private final Kernel kernel;
    private final Program program;
    private final ActorRef<Finished> parent;
    private final Map<Integer, OpenFile> fds;
    private final ActorRef<SyscallResult> replies;
    private final ActorRef<PipeIo.Filled> fills;
    private final ActorRef<PipeIo.Drained> drains;
    private final PageVector vector;
    private final FileReader reader;
    /** Where read(2) copies in a load run (litmus keeps the bytes instead). */
    private final UserBuffer userBuffer;
    /** This thread's page-table walks (stores, loads, vmsplice), added to the run's figures per call. */
    private final org.splicelab.memory.LookupStats memLookups = new org.splicelab.memory.LookupStats();
    /** The address space this process shares with its sibling threads, or null for its own. */
    private final UserMemory sharedMemory;
    private final boolean sharedMemoryFailed;
    /** The references a fill hands back, held while this process looks the pages up again. */
    private final PageVector pins;
    private final ActorRef<PageCacheProtocol.Filled> fileFills;
    /** A read of a file waiting for its owner to fill a miss; retried from the start when filled. */
    private SyscallChecks.FileRead pendingRead;
    private int fillsWithoutProgress;
    /** The bytes a read waiting for a fill has copied so far, and the position it read from. */
    private byte[] partialOut;
    private int partialGot = -1;
    private long partialPos;
    /** The fill a waiting read needs, sent once the pins of the last fill are dropped ({@link #requestFill}). */
    private akka.actor.typed.ActorRef<PageCacheProtocol.Command> fillFrom;
    private long fillIndex;
    private int fillPages;
    /** The call waiting for {@link Perform}. */
    private Program.Call performing;
    private int callsThisStep;
    private final Map<String, SyscallResult> registers = new LinkedHashMap<>();
    private final List<TraceLine> trace = new ArrayList<>();
    private final ArrayDeque<Frame> frames = new ArrayDeque<>();
    private UserMemory memory;
    private Program.Call current;
    private SendfileDirect sendfile;
    /** A vmsplice from a pipe in progress: where the bytes go. */
    private SyscallChecks.VmspliceFromPipe vmspliceFrom;
    private int closesPending = -1;
    private boolean exited;

    private final TimerScheduler<Msg> timers;
    private final SplittableRandom random;
    /** Latency per syscall name, microseconds (workloads only). */
    /** Per loop element (workloads only): calls, then failures by errno ordinal (KernelStats#results). */
    private final Map<String, long[]> results = new java.util.HashMap<>();
    private long callStarted;
    private boolean killed;
    private boolean finishing;

    private static final class Frame {
        final List<Program.Step> steps;
        final Program.Loop loop;
        int index;
        long remaining;
        long iterationStarted;

        Frame(final List<Program.Step> steps, final long times) {
            this.steps = steps;
            this.loop = null;
            this.remaining = times;
        }

        Frame(final Program.Loop loop) {
            this.steps = null;
            this.loop = loop;
            this.remaining = loop.iterations();
        }

        int size() {
            return loop != null ? loop.body().size() : steps.size();
        }
    }

    public static Behavior<Msg> create(final Kernel kernel, final Program program, final ActorRef<Finished> parent) {
        return create(kernel, program, parent, null);
    }

    /**
     * A process whose memory is {@code memory} when not null: one thread of a multi-threaded process,
     * sharing the address space (made by {@link #mapShared}) with its siblings.
     */
    public static Behavior<Msg> create(final Kernel kernel, final Program program, final ActorRef<Finished> parent,
                                       final Object memory) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ProcessActor(ctx, timers, kernel, program,
            parent, memory)));
    }

    /**
     * The address space of a process with {@code threads} threads (clone(CLONE_VM)): each thread's
     * ProcessActor gets it through {@link #create(Kernel, Program, ActorRef, Object)}. Mapped now; when
     * the arena is out of frames every thread fails at start.
     */
    public static Object mapShared(final Kernel kernel, final java.util.List<Program.Region> regions, final int threads) {
        final UserMemory m = UserMemory.map(kernel, regions, threads);
        return m == null ? NO_MEMORY : m;
    }

    /** {@link #mapShared}'s answer when the arena had no frames for the memory. */
    private static final Object NO_MEMORY = new Object();

    private ProcessActor(final ActorContext<Msg> ctx, final TimerScheduler<Msg> timers, final Kernel kernel,
                         final Program program, final ActorRef<Finished> parent, final Object sharedMemory) {
        super(ctx);
        this.sharedMemory = sharedMemory instanceof UserMemory m ? m : null;
        this.sharedMemoryFailed = sharedMemory == NO_MEMORY;
        this.timers = timers;
        this.random = new SplittableRandom(program.seed());
        this.kernel = kernel;
        this.program = program;
        this.parent = parent;
        this.fds = new TreeMap<>(program.fds());
        this.replies = ctx.messageAdapter(SyscallResult.class, Reply::new);
        this.fills = ctx.messageAdapter(PipeIo.Filled.class, FillReply::new);
        this.drains = ctx.messageAdapter(PipeIo.Drained.class, DrainReply::new);
        this.fileFills = ctx.messageAdapter(PageCacheProtocol.Filled.class, FileFilled::new);
        this.vector = kernel.vectors().vector();
        this.reader = new FileReader(kernel);
        this.pins = kernel.vectors().vector();
        this.userBuffer = new UserBuffer(kernel, program.recordTrace());
    }

    @Override
    protected Behavior<Msg> onMessage(final Msg m) {
        if (m == Start.INSTANCE) {
            return onStart();
        }
        if (m == Abort.INSTANCE) {
            return onAbort();
        }
        if (m == Kill.INSTANCE) {
            return onKill();
        }
        if (m == Finish.INSTANCE) {
            return onFinish();
        }
        if (m == Resume.INSTANCE) {
            return runUntilWaiting();
        }
        if (m instanceof Reply x) {
            return onReply(x);
        }
        if (m instanceof FillReply x) {
            return onSendfile(sendfile.onFilled(x.filled()));
        }
        if (m instanceof DrainReply x) {
            return onSendfile(sendfile.onDrained(x.drained()));
        }
        if (m instanceof FileFilled x) {
            return onFileFilled(x);
        }
        if (m == Perform.INSTANCE) {
            return onPerform();
        }
        if (m == Yield.INSTANCE) {
            return runUntilWaiting();
        }
        return Behaviors.unhandled();
    }

    @Override
    protected Behavior<Msg> onSignal(final Signal signal) {
        if (signal instanceof PostStop) {
            return onPostStop();
        }
        return Behaviors.unhandled();
    }

    private Behavior<Msg> onStart() {
        memory = sharedMemoryFailed ? null
            : sharedMemory != null ? sharedMemory : UserMemory.map(kernel, program.regions(), 1);
        if (memory == null) {
            return finish(false, "out of page frames mapping the process's memory");
        }
        frames.push(new Frame(program.steps(), 1));
        return runUntilWaiting();
    }

    private Behavior<Msg> onAbort() {
        return finish(false, null);
    }

    private Behavior<Msg> onFinish() {
        finishing = true;
        if (current == null && closesPending < 0 && !killed) {
            timers.cancelAll();
            return exit();
        }
        return this;
    }

    private Behavior<Msg> onKill() {
        if (closesPending > 0 || killed) {
            return this;
        }
        killed = true;
        timers.cancelAll();
        return exit();
    }

    /** Every SyscallResult reply comes here (one adapter per message class): route by what is pending. */
    private Behavior<Msg> onReply(final Reply reply) {
        if (killed && closesPending < 0) {
            return this;
        }
        if (closesPending > 0) {
            closesPending--;
            return closeNext();
        }
        SyscallResult result = reply.result();
        if (vmspliceFrom != null) {
            if (result instanceof SyscallResult.Data d) {
                result = memory.store(vmspliceFrom.region(), vmspliceFrom.offset(), d.bytes(), memLookups)
                    ? SyscallResult.count(d.bytes().length) : SyscallResult.fail(Errno.EFAULT);
            }
            vmspliceFrom = null;
        }
        complete(result);
        return runUntilWaiting();
    }

    private Behavior<Msg> onFileFilled(final FileFilled m) {
        if (killed || finishing && current == null) {
            if (m.filled().pinCount() > 0) {
                pins.receive(m.filled().pins()).discard(kernel.arena());
            }
            return this;
        }
        final PageVector pinned = m.filled().pinCount() > 0 ? pins.receive(m.filled().pins()) : null;
        final SyscallResult result;
        try {
            if (sendfile != null) {
                return onSendfile(sendfile.onFileFilled(m.filled()));
            }
            final SyscallChecks.FileRead r = pendingRead;
            pendingRead = null;
            // the owner could not fill (ENOMEM): filemap_read returns what it copied before, or the error
            result = fileRead(r, m.filled().pinCount() > 0 || m.filled().error() == null);
        } finally {
            if (pinned != null) {
                pinned.discard(kernel.arena());
            }
        }
        if (result == null) {
            requestFill();   // only now: the pages this fill pinned are reclaimable again, as filemap_read's are
            return this;
        }
        complete(result);
        return runUntilWaiting();
    }

    /** Asks the file's owner for the fill {@link #fileRead} found it needs, if any. */
    private void requestFill() {
        if (fillFrom != null) {
            fillFrom.tell(new PageCacheProtocol.Fill(fillIndex, fillPages, fileFills));
            fillFrom = null;
        }
    }

    private Behavior<Msg> onPerform() {
        final Program.Call call = performing;
        performing = null;
        if (killed || call == null) {
            return this;
        }
        final SyscallResult immediate = dispatch(call);
        if (immediate == null) {
            return this;
        }
        complete(immediate);
        return runUntilWaiting();
    }

    private Behavior<Msg> onSendfile(final SyscallResult result) {
        if (result == null || killed) {
            return this;
        }
        sendfile = null;
        complete(result);
        return runUntilWaiting();
    }

    /** Records the result of the current call. */
    private void complete(final SyscallResult result) {
        memLookups.flushTo(kernel.stats().lookups);
        kernel.stats().syscalls.increment();
        if (result instanceof SyscallResult.Failure) {
            kernel.stats().errors.increment();
        } else if (result instanceof SyscallResult.Count c && c.value() > 0) {
            countDelivery(current.syscall(), c.value());
        }
        if (program.recordTrace()) {
            if (current.register() != null) {
                registers.put(current.register(), result);
            }
            trace.add(new TraceLine(program.name(), current.line(), current.source(), result));
        } else {
            if (callStarted >= kernel.timingFrom()) {
                kernel.latencies().record(current.syscall().name(), (System.nanoTime() - callStarted) / 1000);
            }
            final long[] r = results.computeIfAbsent(current.source(), k -> new long[1 + Errno.values().length]);
            r[0]++;
            if (result instanceof SyscallResult.Failure f) {
                r[1 + f.errno().ordinal()]++;
            }
        }
        current = null;
    }

    /**
     * Bytes a call copied into this process's memory, and bytes that reached a pipeline's end (read from
     * a pipe or socket, or written or sent into /dev/null; a splice into /dev/null is counted by the pipe),
     * and bytes write(2) and pwrite(2) copied out of it.
     */
    private void countDelivery(final org.splicelab.protocols.Syscall call, final long n) {
        final KernelStats st = kernel.stats();
        if (call instanceof org.splicelab.protocols.Syscall.Read r) {
            st.bytesToUser.add(n);
            if (fds.get(r.fd()) instanceof OpenFile.PipeEnd || fds.get(r.fd()) instanceof OpenFile.SocketEnd) {
                st.bytesDelivered.add(n);
            }
        } else if (call instanceof org.splicelab.protocols.Syscall.Pread) {
            st.bytesToUser.add(n);
        } else if (call instanceof org.splicelab.protocols.Syscall.Vmsplice v && !v.toPipe()) {
            st.bytesToUser.add(n);
            st.bytesDelivered.add(n);
        } else if (call instanceof org.splicelab.protocols.Syscall.Write w) {
            if (discards(fds.get(w.fd()))) {
                st.bytesDelivered.add(n);
            } else {
                st.bytesFromUser.add(n);
            }
        } else if (call instanceof org.splicelab.protocols.Syscall.Pwrite) {
            st.bytesFromUser.add(n);
        } else if (call instanceof org.splicelab.protocols.Syscall.Sendfile f
            && discards(fds.get(f.fdOut()))) {
            st.bytesDelivered.add(n);
        }
    }

    /** Whether what is written to {@code f} is consumed there: /dev/null and /dev/zero (write_null, write_zero). */
    private static boolean discards(final OpenFile f) {
        return f instanceof OpenFile.Device d && d.device().acceptsSplice();
    }

    /** Runs steps until one waits for a reply or a think time, or the program ends (then exits). */
    private Behavior<Msg> runUntilWaiting() {
        callsThisStep = 0;
        while (true) {
            final Program.Call call = nextCall();
            if (call == WAIT) {
                return this;
            }
            if (call == null) {
                return exit();
            }
            current = call;
            if (!program.recordTrace()) {
                callStarted = System.nanoTime();
            }
            if (kernel.stepLocalCalls() && readsSharedStateLocally(call.syscall())) {
                performing = call;
                getContext().getSelf().tell(Perform.INSTANCE);
                return this;
            }
            final SyscallResult immediate = dispatch(call);
            if (immediate == null) {
                return this;
            }
            complete(immediate);
            if (++callsThisStep >= CALLS_PER_STEP) {
                getContext().getSelf().tell(Yield.INSTANCE);
                return this;
            }
        }
    }

    /** Marks "wait for the think-time timer". */
    private static final Program.Call WAIT = new Program.Call(null, null, 0, "");

    private Program.Call nextCall() {
        if (finishing) {
            return null;
        }
        while (!frames.isEmpty()) {
            final Frame f = frames.peek();
            if (f.index == f.size()) {
                f.index = 0;
                if (f.loop == null || f.loop.iterations() > 0) {
                    f.remaining--;
                    if (f.remaining <= 0) {
                        frames.pop();
                        continue;
                    }
                }
                if (f.loop != null && pause(f)) {
                    return WAIT;
                }
                continue;
            }
            if (f.loop != null) {
                if (f.index == 0) {
                    f.iterationStarted = System.nanoTime();
                }
                final Program.Template t = f.loop.body().get(f.index++).pick(random);
                return new Program.Call(t.make(random), null, 0, t.source());
            }
            final Program.Step step = f.steps.get(f.index++);
            if (step instanceof Program.Repeat r) {
                if (r.times() > 0 && !r.body().isEmpty()) {
                    frames.push(new Frame(r.body(), r.times()));
                }
            } else if (step instanceof Program.Loop l) {
                if (!l.body().isEmpty()) {
                    frames.push(new Frame(l));
                }
            } else {
                return (Program.Call) step;
            }
        }
        return null;
    }

    /** Between loop iterations: think time, or pacing to the loop's rate. True when a timer was set. */
    private boolean pause(final Frame f) {
        long wait = f.loop.thinkNanos();
        if (f.loop.ratePerSecond() > 0) {
            final long period = (long) (1e9 / f.loop.ratePerSecond());
            wait = Math.max(wait, f.iterationStarted + period - System.nanoTime());
        }
        if (wait <= 0) {
            return false;
        }
        timers.startSingleTimer(Resume.INSTANCE, Duration.ofNanos(wait));
        return true;
    }

    /** Sends the call's first message and returns null, or returns its result at once. */
    private SyscallResult dispatch(final Program.Call call) {
        final SyscallChecks.Route route = SyscallChecks.route(call.syscall(), fds, memory, userBuffer);
        if (route instanceof SyscallChecks.Done done) {
            return done.result();
        }
        if (route instanceof SyscallChecks.Local local) {
            return local.run(memory, memLookups);
        }
        if (route instanceof SyscallChecks.FileRead r) {
            fillsWithoutProgress = 0;
            partialOut = null;
            partialGot = -1;
            final SyscallResult result = fileRead(r, true);
            requestFill();
            return result;
        }
        if (route instanceof SyscallChecks.Send send) {
            send.send(replies);
            return null;
        }
        if (route instanceof SyscallChecks.VmspliceToPipe v) {
            if (kernel.policy().vmsplice() == KernelPolicy.Vmsplice.BLOCKING_WRITE) {
                // 2026: vmsplice to a pipe is pwritev2: a copy that blocks until all is written; O_NONBLOCK counts
                final byte[] data = memory.load(v.region(), v.offset(), (int) Math.min(v.len(), SyscallChecks.MAX_RW_COUNT),
                    memLookups);
                v.pipe().pipe().tell(new PipeProtocol.Write(data, v.nonblock() || v.pipe().flags().nonblock(), replies));
                return null;
            }
            vector.open();
            final long bytes = kernel.policy().vmsplice() == KernelPolicy.Vmsplice.STEAL_GIFTS_ELSE_COPY
                ? memory.copyPrivate(v.region(), v.offset(), v.len(), v.gift(), kernel.stats(), vector, memLookups)
                : memory.share(v.region(), v.offset(), v.len(), vector, memLookups);
            final int count = vector.count();
            if (count == 0) {
                vector.release();
                return SyscallResult.fail(Errno.EFAULT);
            }
            v.pipe().pipe().tell(new PipeProtocol.VmspliceIn(vector.send(), count, bytes, v.gift(), v.nonblock(),
                replies));
            return null;
        }
        if (route instanceof SyscallChecks.VmspliceFromPipe v) {
            vmspliceFrom = v;
            v.pipe().pipe().tell(new PipeProtocol.Read((int) v.len(), v.nonblock(), replies));
            return null;
        }
        if (route instanceof SyscallChecks.SendfileDirectRoute s) {
            sendfile = new SendfileDirect(kernel, s, reader, vector, fills, drains, fileFills);
            final SyscallResult r = sendfile.start();
            if (r != null) {
                sendfile = null;
            }
            return r;
        }
        if (route instanceof SyscallChecks.CloseFd c) {
            fds.remove(c.fd());
            return closeObject(c.file()) ? null : SyscallResult.count(0);
        }
        throw new IllegalStateException("unhandled route " + route);
    }

    /**
     * read(2)/pread(2) of a buffered file in this actor's thread: under {@code f_pos_lock} for read(2),
     * the pages are looked up lock-free and copied out. On a miss nothing is kept (the position does not
     * move): the owner is asked to fill the page and the call starts again when it has ({@link FileFilled}).
     * When no fill is possible ({@code mayFill} false: the owner had no frame, or fills keep losing their
     * pages) the call ends as filemap_read does: the bytes copied before the miss, the position advanced
     * by them, or ENOMEM when there were none. Returns the result, or null while waiting.
     */
    private SyscallResult fileRead(final SyscallChecks.FileRead r, final boolean mayFill) {
        final org.splicelab.memory.PageCache cache = r.file().pages();
        final boolean positional = r.offset() == org.splicelab.protocols.Syscall.NO_OFFSET;
        if (positional) {
            r.file().position().lock(kernel.arena());
        }
        try {
            final long pos = positional ? r.file().position().get() : r.offset();
            final int len = (int) FileReader.available(cache, pos, r.len());
            final long userPage = userBuffer.page();
            // what this call copied before it waited for a fill (filemap_read's already_read), kept while
            // nobody moved the position meanwhile (else the call starts again, as if it had come later)
            final boolean resume = partialGot >= 0 && partialPos == pos;
            final int had = resume ? partialGot : 0;
            final byte[] out = userPage != PageRef.NULL ? null : resume && partialOut != null ? partialOut
                : new byte[len];
            partialOut = null;
            partialGot = -1;
            final int got = had + (out != null ? reader.read(cache, pos + had, out, had)
                : reader.readInto(cache, pos + had, Math.max(0, len - had), userPage));
            if (got > had) {
                fillsWithoutProgress = 0;
            }
            if (reader.missed() >= 0) {
                if (!mayFill || fillsWithoutProgress++ >= 8) {
                    if (got == 0) {
                        return SyscallResult.fail(Errno.ENOMEM);
                    }
                    if (positional) {
                        r.file().position().set(pos + got);
                    }
                    return readResult(out, got);
                }
                pendingRead = r;
                partialOut = out;
                partialGot = got;
                partialPos = pos;
                fillFrom = r.file().cache();
                fillIndex = reader.missed();
                fillPages = reader.missedPages();
                return null;
            }
            if (positional) {
                r.file().position().set(pos + got);
            }
            return readResult(out, got);
        } finally {
            if (positional) {
                r.file().position().unlock();
            }
        }
    }

    /** A read's result: the bytes (litmus), or the count when they went into the load run's user page. */
    private static SyscallResult readResult(final byte[] out, final int got) {
        return out == null ? SyscallResult.count(got)
            : SyscallResult.data(got == out.length ? out : java.util.Arrays.copyOf(out, got));
    }

    /** Calls that read shared kernel state without sending a message (see {@link Perform}). */
    private boolean readsSharedStateLocally(final org.splicelab.protocols.Syscall call) {
        final int fd;
        if (call instanceof org.splicelab.protocols.Syscall.Read r) {
            fd = r.fd();
        } else if (call instanceof org.splicelab.protocols.Syscall.Pread r) {
            fd = r.fd();
        } else if (call instanceof org.splicelab.protocols.Syscall.Size z) {
            fd = z.fd();
        } else if (call instanceof org.splicelab.protocols.Syscall.FionRead q) {
            fd = q.fd();
        } else if (call instanceof org.splicelab.protocols.Syscall.Sendfile sf) {
            // sendfile reads f_pos and looks the file's pages up in this thread when it starts
            fd = sf.fdIn();
        } else if (call instanceof org.splicelab.protocols.Syscall.Splice sp) {
            // do_splice reads in->f_pos (out->f_pos) in this thread before it takes the pipe
            // (FileSource.of, FileSink.of) and stores it back at the end, so two splicers of one
            // description can both read (write) one offset (observed on 6.18: zoo/shared-fpos-splice,
            // zoo/shared-fpos-splice-out, test/kernel-checks/shared_fpos.c)
            fd = sp.offIn() == org.splicelab.protocols.Syscall.NO_OFFSET && bufferedFile(sp.fdIn()) ? sp.fdIn()
                : sp.offOut() == org.splicelab.protocols.Syscall.NO_OFFSET ? sp.fdOut() : -1;
        } else {
            // a store, load or vmsplice touches memory that sibling threads share
            return memory != null && memory.shared() && (call instanceof org.splicelab.protocols.Syscall.Store
                || call instanceof org.splicelab.protocols.Syscall.Load
                || call instanceof org.splicelab.protocols.Syscall.Vmsplice);
        }
        return bufferedFile(fd);
    }

    private boolean bufferedFile(final int fd) {
        return fds.get(fd) instanceof OpenFile.RegularFile f && !f.flags().direct();
    }

    /**
     * Drops this process's hold on {@code file}: a pipe end or socket end is told (true: wait for its
     * acknowledgement); a regular file or /dev/null needs nothing (false: done now, no message, so no
     * process step of its own on the deterministic runtime).
     */
    private boolean closeObject(final OpenFile file) {
        if (file instanceof OpenFile.PipeEnd p) {
            p.pipe().tell(new PipeProtocol.CloseEnd(p.writeEnd(), replies));
            return true;
        } else if (file instanceof OpenFile.SocketEnd s) {
            s.self().tell(new SocketProtocol.Close(replies));
            return true;
        }
        return false;
    }

    /**
     * do_exit: close every descriptor, one at a time, each acknowledged before the next (so a process
     * never has two requests outstanding: the blocking monitor counts processes, not requests).
     */
    private Behavior<Msg> exit() {
        if (closesPending >= 0) {
            return this;
        }
        if (fds.isEmpty()) {
            return finish(true, null);
        }
        closesPending = fds.size();
        return closeNext();
    }

    /** Closes descriptors until one waits for an acknowledgement; finishes when none is left. */
    private Behavior<Msg> closeNext() {
        while (closesPending > 0) {
            final Iterator<OpenFile> it = fds.values().iterator();
            final OpenFile f = it.next();
            it.remove();
            if (closeObject(f)) {
                return this;
            }
            closesPending--;
        }
        return finish(true, null);
    }

    private Behavior<Msg> finish(final boolean completed, final String failure) {
        if (memory != null) {
            memory.release();
            memory = null;
        }
        userBuffer.release();
        if (!exited) {
            exited = true;
            kernel.stats().addResults(results);
            parent.tell(new Finished(program.name(), registers, trace, completed, failure));
            kernel.monitor().exited();
        }
        return Behaviors.stopped();
    }

    private Behavior<Msg> onPostStop() {
        if (vector.isWrapped()) {
            vector.discard(kernel.arena());   // a sendfile stopped between its lookups and its drain
        }
        if (memory != null) {
            memory.release();
            memory = null;
        }
        userBuffer.release();
        return this;
    }
}
