package org.splicelab.bench;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.Behavior;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
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
 * sends {@code SpliceIn} of 64 KiB from a cached file to a 16-slot pipe — the pipe looks the 16 pages
 * up in its own thread and inserts them — then {@code SpliceOut} to /dev/null, {@value #ROUND_TRIPS}
 * times per invocation on the scenarios' FIFO dispatcher (2 threads). {@code -prof gc} gives the bytes
 * allocated per page: what the messages and replies cost, spread over the 16 pages each carries.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class SpliceRoundTripBenchmark {
    static final int ROUND_TRIPS = 1000;
    static final int PAGES_PER_SPLICE = 16;

    private record Run(int times, CompletableFuture<Long> done) {
    }

    private PageArena arena;
    private PageVectorPool pool;
    private ActorSystem<Object> system;

    @Setup(Level.Trial)
    public void setUp() {
        arena = new PageArena(4096, new PageAudit());
        pool = new PageVectorPool(256, PageVectorPool.DEFAULT_ENTRIES);
        final Kernel kernel = new Kernel(arena, pool, KernelModel.LINUX);
        system = ActorSystem.create(Behaviors.setup(ctx -> {
            final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), new byte[1 << 20]);
            final ActorRef<PageCacheProtocol.Command> cache = ctx.spawn(PageCacheActor.create(kernel, file), "file");
            final ActorRef<PipeProtocol.Command> pipe = ctx.spawn(PipeActor.create(kernel, 1, 16, 1, 1), "pipe");
            final OpenFile.RegularFile f = new OpenFile.RegularFile("f", cache, file.pages(), new FilePosition(),
                OpenFlags.RDONLY);
            return driver(pipe, f);
        }), "bench", ConfigFactory.parseString("akka.loglevel = WARNING\nakka.stdout-loglevel = OFF\n"
            + "akka.jvm-shutdown-hooks = off\nakka.coordinated-shutdown.run-by-jvm-shutdown-hook = off\n"
            + org.splicelab.actors.FifoExecutorConfigurator.dispatcherConfig(2, 64)));
    }

    private static Behavior<Object> driver(final ActorRef<PipeProtocol.Command> pipe, final OpenFile.RegularFile f) {
        return Behaviors.setup(ctx -> {
            final ActorRef<SyscallResult> replies = ctx.messageAdapter(SyscallResult.class, r -> r);
            final PipeIo.FileSource source = new PipeIo.FileSource(f, 0);
            final PipeIo.NullSink sink = new PipeIo.NullSink("devnull");
            final Object[] state = new Object[1];
            final int[] left = new int[1];
            final long[] pages = new long[1];
            final boolean[] out = new boolean[1];
            return Behaviors.receive(Object.class)
                .onMessage(Run.class, r -> {
                    state[0] = r;
                    left[0] = r.times();
                    pages[0] = 0;
                    out[0] = false;
                    pipe.tell(new PipeProtocol.SpliceIn(source, 65536, 0, false, replies));
                    return Behaviors.same();
                })
                .onMessage(SyscallResult.class, res -> {
                    if (!(res instanceof SyscallResult.Count c) || c.value() != 65536) {
                        ((Run) state[0]).done().completeExceptionally(new IllegalStateException("got " + res));
                        return Behaviors.same();
                    }
                    if (!out[0]) {
                        pages[0] += PAGES_PER_SPLICE;
                        out[0] = true;
                        pipe.tell(new PipeProtocol.SpliceOut(sink, 65536, 0, false, replies));
                    } else if (--left[0] > 0) {
                        out[0] = false;
                        pipe.tell(new PipeProtocol.SpliceIn(source, 65536, 0, false, replies));
                    } else {
                        ((Run) state[0]).done().complete(pages[0]);
                    }
                    return Behaviors.same();
                })
                .build();
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        pool.close();
        arena.close();
        if (arena.audit().total() != 0) {
            throw new IllegalStateException("violations during the benchmark: " + arena.audit().events());
        }
    }

    /** ns per page moved (file → pipe → /dev/null) through the actors. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS * PAGES_PER_SPLICE)
    public long spliceRoundTripPerPage() throws Exception {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        system.tell(new Run(ROUND_TRIPS, done));
        return done.get(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS);
    }
}
