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

/**
 * The page arena's operations, uncontended (one thread) and contended (two threads on the same page,
 * or on the same free list). Budgets on the 2-core CI machine: get+put <= 15 ns, alloc+free <= 40 ns,
 * 0 B/op allocated ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Dsplicelab.memory.boundsChecks=true"})
@State(Scope.Group)
public class PageArenaBenchmark {
    private PageArena arena;
    private long page;
    private long src;
    private long dst;

    @Setup(Level.Trial)
    public void setUp() {
        arena = new PageArena(1024, new PageAudit());
        page = arena.alloc();
        src = arena.alloc();
        dst = arena.alloc();
        arena.fill(src, 0, PageArena.PAGE_SIZE, (byte) 'x');
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.put(page);
        arena.put(src);
        arena.put(dst);
        arena.close();
        if (arena.audit().total() != 0) {
            throw new IllegalStateException("violations during the benchmark: " + arena.audit().events());
        }
    }

    @Benchmark
    @Group("getPut")
    @GroupThreads(1)
    public boolean getPut() {
        arena.get(page);
        return arena.put(page);
    }

    @Benchmark
    @Group("getPut2Threads")
    @GroupThreads(2)
    public boolean getPutContended() {
        arena.get(page);
        return arena.put(page);
    }

    @Benchmark
    @Group("tryGetPut")
    @GroupThreads(1)
    public boolean tryGetPut() {
        return arena.tryGet(page) && !arena.put(page);
    }

    @Benchmark
    @Group("tryGetPut2Threads")
    @GroupThreads(2)
    public boolean tryGetPutContended() {
        return arena.tryGet(page) && !arena.put(page);
    }

    @Benchmark
    @Group("freezeUnfreeze")
    @GroupThreads(1)
    public boolean freezeUnfreeze() {
        final boolean frozen = arena.freeze(page, 1);
        if (frozen) {
            arena.unfreeze(page, 1);
        }
        return frozen;
    }

    /** One thread steals (freeze/unfreeze) while another takes and drops speculative references. */
    @Benchmark
    @Group("freezeVsTryGet")
    @GroupThreads(1)
    public boolean freezeAgainstTryGet() {
        final boolean frozen = arena.freeze(page, 1);
        if (frozen) {
            arena.unfreeze(page, 1);
        }
        return frozen;
    }

    @Benchmark
    @Group("freezeVsTryGet")
    @GroupThreads(1)
    public boolean tryGetAgainstFreeze() {
        return arena.tryGet(page) && !arena.put(page);
    }

    @Benchmark
    @Group("allocFree")
    @GroupThreads(1)
    public boolean allocFree() {
        return arena.put(arena.alloc());
    }

    @Benchmark
    @Group("allocFree2Threads")
    @GroupThreads(2)
    public boolean allocFreeContended() {
        return arena.put(arena.alloc());
    }

    @Benchmark
    @Group("copy4k")
    @GroupThreads(1)
    public boolean copy4k() {
        return arena.copy(src, 0, dst, 0, PageArena.PAGE_SIZE);
    }
}
