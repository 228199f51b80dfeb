package org.splicelab.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeBufFlag;

/**
 * A 16-entry PageVector round trip: open, add 16 entries, send, receive, read every entry, release.
 * Budget: <= 150 ns and 0 B/op uncontended. The 2-thread group runs two independent round trips
 * that share the slab pool (its free list is the contended point).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PageVectorBenchmark {
    private static final int ENTRIES = 16;

    /** The pool and pages, shared by the threads of a group. */
    @State(Scope.Group)
    public static class Shared {
        PageArena arena;
        PageVectorPool pool;
        final long[] pages = new long[ENTRIES];

        @Setup(Level.Trial)
        public void setUp() {
            arena = new PageArena(64, new PageAudit());
            pool = new PageVectorPool(64, 256);
            for (int i = 0; i < ENTRIES; i++) {
                pages[i] = arena.alloc();
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            for (final long p : pages) {
                arena.put(p);
            }
            pool.close();
            arena.close();
        }
    }

    /** Each thread's own flyweights. */
    @State(Scope.Thread)
    public static class Flyweights {
        PageVector sender;
        PageVector receiver;

        @Setup(Level.Trial)
        public void setUp(final Shared shared) {
            sender = shared.pool.vector();
            receiver = shared.pool.vector();
        }
    }

    @Benchmark
    @Group("roundTrip16")
    @GroupThreads(1)
    public long roundTrip(final Shared shared, final Flyweights f) {
        return roundTrip16(shared, f);
    }

    @Benchmark
    @Group("roundTrip16x2Threads")
    @GroupThreads(2)
    public long roundTripContended(final Shared shared, final Flyweights f) {
        return roundTrip16(shared, f);
    }

    private static long roundTrip16(final Shared shared, final Flyweights f) {
        final PageVector out = f.sender.open();
        for (int i = 0; i < ENTRIES; i++) {
            out.add(shared.pages[i], 0, PageArena.PAGE_SIZE, PipeBufFlag.CAN_MERGE.bit(), OpsKind.PAGE_CACHE);
        }
        final long handle = out.send();
        final PageVector in = f.receiver.receive(handle);
        long sum = 0;
        for (int i = 0; i < in.count(); i++) {
            sum += in.ref(i) + in.offset(i) + in.len(i) + in.flags(i) + in.ops(i).ordinal();
        }
        in.release();
        return sum;
    }
}
