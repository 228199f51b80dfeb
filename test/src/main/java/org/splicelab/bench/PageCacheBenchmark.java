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
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;

/**
 * One lock-free page-cache lookup that hits (load, tryGet, re-load) and the put that ends the reader's
 * use of the page: uncontended, two threads on the same page (its refcount line bounces between the
 * cores), and two threads on different pages of one file. 0 B/op ({@code -prof gc}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PageCacheBenchmark {
    /** A 4 MiB file (1024 pages, a two-level index) shared by the group. */
    @State(Scope.Group)
    public static class File {
        PageArena arena;
        PageCache cache;

        @Setup(Level.Trial)
        public void setUp() {
            arena = new PageArena(2048, new PageAudit());
            cache = new PageCache(arena, arena.indexPool(), 1);
            for (int i = 0; i < 1024; i++) {
                final long ref = arena.alloc();
                arena.setFlags(ref, PageFlags.UPTODATE | PageFlags.LRU);
                cache.insert(i, ref);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            cache.destroyQuiescent();
            arena.close();
            if (arena.audit().total() != 0) {
                throw new IllegalStateException("violations during the benchmark: " + arena.audit().events());
            }
        }
    }

    /** Each thread's own counters (as each actor has) and its own page for the spread group. */
    @State(Scope.Thread)
    public static class Reader {
        final LookupStats stats = new LookupStats();
        private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();
        final long page = 100 + 64L * NEXT.getAndIncrement() % 900;
    }

    private static long hit(final File f, final Reader r, final long index) {
        final long ref = f.cache.lookup(index, r.stats);
        if (ref == PageRef.NULL) {
            throw new IllegalStateException("miss at " + index);
        }
        f.arena.put(ref);
        return ref;
    }

    @Benchmark
    @Group("lookupHit")
    @GroupThreads(1)
    public long lookupHit(final File f, final Reader r) {
        return hit(f, r, 517);
    }

    @Benchmark
    @Group("lookupHit2ThreadsSamePage")
    @GroupThreads(2)
    public long lookupHitSamePage(final File f, final Reader r) {
        return hit(f, r, 517);
    }

    @Benchmark
    @Group("lookupHit2ThreadsOtherPages")
    @GroupThreads(2)
    public long lookupHitOtherPages(final File f, final Reader r) {
        return hit(f, r, r.page);
    }
}
