package org.splicelab.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.splicelab.actors.DirectBehavior;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.PageCacheActor;
import org.splicelab.actors.PageCacheFile;
import org.splicelab.actors.PipeActor;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.SyscallResult;

/**
 * One splice-read round trip through the actors, reported per page: a driver actor (the process)
 * sends {@code SpliceIn} of a full pipe (16 pages, or 256 after F_SETPIPE_SZ 1 MiB) from a cached file —
 * the pipe looks the pages up in its own thread and inserts them — then {@code SpliceOut} to /dev/null,
 * {@value #PAGES} pages per invocation on the scenarios' FIFO dispatcher (2 threads); {@code -p drain=read-user-page,read-bytes}
 * drains with read(2) instead. {@code -p model=iter-pipe,iter-pipe-seekable,copy} for the other splice-read paths. {@code -prof gc}
 * gives the bytes allocated per page: splicelab allocates nothing per call or page (DirectBehavior, shared
 * counts, a reused splice state); what is left is Akka's per-message cost (envelope, mailbox node, the
 * executor's queue node), four messages per round trip, spread over the pages each carries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpliceRoundTripBenchmark {
    /** Pages moved per invocation: 1,024 round trips of a 16-page pipe, 64 of a 256-page one. */
    static final int PAGES = 16384;

    /** The pipe's slots, each splice's pages: the default pipe (16) and the largest (F_SETPIPE_SZ 1 MiB). */
    @Param({"16", "256"})
    public int pipePages;

    /** The kernel model (its id): {@code -p model=iter-pipe,iter-pipe-seekable} for the ITER_PIPE splice-read. */
    @Param({"linux"})
    public String model;

    /**
     * How the pipe is drained: {@code devnull} (splice to /dev/null), {@code read-user-page} (read(2)
     * copying into a user page, as load runs do) or {@code read-bytes} (read(2) returning a heap array,
     * as litmus does and every read did before issue 12).
     */
    @Param({"devnull"})
    public String drain;

    private record Run(int times, CompletableFuture<Long> done) {
    }

    private PageArena arena;
    private PageVectorPool pool;
    private ActorSystem<Object> system;
    private long userPage;

    @Setup(Level.Trial)
    public void setUp() {
        arena = new PageArena(4096, new PageAudit());
        pool = new PageVectorPool(256, PageVectorPool.DEFAULT_ENTRIES);
        final Kernel kernel = new Kernel(arena, pool, KernelModel.fromId(model));
        userPage = "read-user-page".equals(drain) ? arena.alloc() : org.splicelab.memory.PageRef.NULL;
        system = ActorSystem.create(Behaviors.setup(ctx -> {
            final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), new byte[1 << 20]);
            final ActorRef<PageCacheProtocol.Command> cache = ctx.spawn(PageCacheActor.create(kernel, file), "file");
            final ActorRef<PipeProtocol.Command> pipe = ctx.spawn(PipeActor.create(kernel, 1, pipePages, 1, 1), "pipe");
            final OpenFile.RegularFile f = new OpenFile.RegularFile("f", cache, file.pages(), new FilePosition(),
                OpenFlags.RDONLY);
            return driver(pipe, f, pipePages, arena, drain, userPage);
        }), "bench", ConfigFactory.parseString("akka.loglevel = WARNING\nakka.stdout-loglevel = OFF\n"
            + "akka.jvm-shutdown-hooks = off\nakka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
            + org.splicelab.actors.FifoExecutorConfigurator.dispatcherConfig(2, 64)));
    }

    private static Behavior<Object> driver(final ActorRef<PipeProtocol.Command> pipe, final OpenFile.RegularFile f,
                                           final int pages, final PageArena arena, final String drain,
                                           final long userPage) {
        return Behaviors.setup(ctx -> new Driver(ctx, pipe, f, pages, arena, drain, userPage));
    }

    /** The process's part: one call at a time, replies straight to itself (no adapter). */
    private static final class Driver extends DirectBehavior<Object> {
        private final ActorRef<PipeProtocol.Command> pipe;
        private final ActorRef<SyscallResult> replies;
        private final PipeProtocol.SpliceIn in;
        private final PipeProtocol.Command out;
        private final PageArena arena;
        /** The read(2) buffer page under {@code read-user-page} (one reference lent per request), else 0. */
        private final long userPage;
        private Run run;
        private int left;
        private long pages;
        private boolean outNext;
        private final int perSplice;
        private final long bytes;

        Driver(final ActorContext<Object> ctx, final ActorRef<PipeProtocol.Command> pipe, final OpenFile.RegularFile f,
               final int perSplice, final PageArena arena, final String drain, final long userPage) {
            super(ctx);
            this.arena = arena;
            this.userPage = userPage;
            this.perSplice = perSplice;
            this.bytes = perSplice * 4096L;
            this.pipe = pipe;
            this.replies = ctx.getSelf().narrow();
            // a request is immutable: the process may send the same one again
            this.in = new PipeProtocol.SpliceIn(PipeIo.FileSource.of(f, 0), bytes, 0, false, replies);
            this.out = switch (drain) {
                case "devnull" -> new PipeProtocol.SpliceOut(new PipeIo.NullSink("devnull"), bytes, 0, false, replies);
                case "read-user-page" -> new PipeProtocol.Read((int) bytes, false, userPage, replies);
                case "read-bytes" -> new PipeProtocol.Read((int) bytes, false, replies);
                default -> throw new IllegalArgumentException("drain=" + drain);
            };
        }

        @Override
        protected Behavior<Object> onMessage(final Object m) {
            if (m instanceof Run r) {
                run = r;
                left = r.times();
                pages = 0;
                outNext = false;
                pipe.tell(in);
            } else if (!(m instanceof SyscallResult.Count c && c.value() == bytes
                || m instanceof SyscallResult.Data d && d.bytes().length == bytes && outNext)) {
                run.done().completeExceptionally(new IllegalStateException("got " + m));
            } else if (!outNext) {
                pages += perSplice;
                outNext = true;
                if (userPage != org.splicelab.memory.PageRef.NULL) {
                    arena.get(userPage);   // the reference the request carries; the pipe puts it when it replies
                }
                pipe.tell(out);
            } else if (--left > 0) {
                outNext = false;
                pipe.tell(in);
            } else {
                run.done().complete(pages);
            }
            return this;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (userPage != org.splicelab.memory.PageRef.NULL) {
            arena.put(userPage);
        }
        pool.close();
        arena.close();
        if (arena.audit().total() != 0) {
            throw new IllegalStateException("violations during the benchmark: " + arena.audit().events());
        }
    }

    /** ns per page moved (file → pipe → /dev/null) through the actors. */
    @Benchmark
    @OperationsPerInvocation(PAGES)
    public long spliceRoundTripPerPage() throws Exception {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        system.tell(new Run(PAGES / pipePages, done));
        return done.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
    }
}
