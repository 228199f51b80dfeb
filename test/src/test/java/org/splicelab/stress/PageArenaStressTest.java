package org.splicelab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageRef;

/**
 * Real threads hammering one arena; exact invariants checked afterwards (and, for freeze, during).
 * Each test prints its seed and iteration count.
 */
class PageArenaStressTest {
    private static final int THREADS = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);

    /** No lost references: count = base + sum of what every thread says it holds. */
    @Test
    @Timeout(600)
    void shouldLoseNoReferenceUnderConcurrentGetTryGetPut() throws Exception {
        final StressRun run = StressRun.configured("refcount");
        final PageAudit audit = new PageAudit();
        try (PageArena arena = new PageArena(64, audit)) {
            final int pages = 8;
            final long[] refs = new long[pages];
            for (int i = 0; i < pages; i++) {
                refs[i] = arena.alloc();
            }
            final int[][] held = new int[THREADS][pages];
            run.run("refcount", THREADS, (t, random) -> {
                final int p = random.nextInt(pages);
                switch (random.nextInt(3)) {
                    case 0:
                        if (arena.tryGet(refs[p])) {
                            held[t][p]++;
                        } else {
                            throw new AssertionError("tryGet failed on a live page " + arena.describe(refs[p]));
                        }
                        break;
                    case 1:
                        if (held[t][p] > 0) {
                            assertTrue(arena.get(refs[p]));
                            held[t][p]++;
                        }
                        break;
                    default:
                        if (held[t][p] > 0) {
                            held[t][p]--;
                            arena.put(refs[p]);
                        }
                }
            });
            for (int p = 0; p < pages; p++) {
                int expected = 1;
                for (int t = 0; t < THREADS; t++) {
                    expected += held[t][p];
                    for (int k = 0; k < held[t][p]; k++) {
                        arena.put(refs[p]);
                    }
                }
                assertEquals(1, arena.refCount(refs[p]), "page " + p + " had " + expected + " expected");
                assertTrue(arena.put(refs[p]), "the base reference frees the page");
            }
            assertEquals(0, arena.framesInUse(), "zero leaks");
            assertEquals(0, audit.total(), () -> "violations: " + audit.events());
        }
        assertEquals(0, audit.total(), () -> "leaks at close: " + audit.events());
    }

    /** A freeze never succeeds while another thread holds the page. */
    @Test
    @Timeout(600)
    void shouldNeverFreezeWhileAnotherThreadHoldsThePage() throws Exception {
        final StressRun run = StressRun.configured("freeze");
        final PageAudit audit = new PageAudit();
        final int pages = 4;
        try (PageArena arena = new PageArena(16, audit)) {
            final long[] refs = new long[pages];
            for (int i = 0; i < pages; i++) {
                refs[i] = arena.alloc();
            }
            // published[p]: references holders have announced (incremented after tryGet, decremented before put)
            final AtomicIntegerArray published = new AtomicIntegerArray(pages);
            final AtomicLong steals = new AtomicLong();
            final AtomicLong failedFreezes = new AtomicLong();
            run.run("freeze", THREADS, (t, random) -> {
                final int p = random.nextInt(pages);
                if (t == 0) { // the stealer: base reference is the only one it counts
                    if (arena.freeze(refs[p], 1)) {
                        final int others = published.get(p);
                        if (others != 0) {
                            throw new AssertionError("freeze succeeded while " + others + " holder(s) had page " + p);
                        }
                        steals.incrementAndGet();
                        arena.unfreeze(refs[p], 1);
                    } else {
                        failedFreezes.incrementAndGet();
                    }
                } else if (arena.tryGet(refs[p])) {
                    published.incrementAndGet(p);
                    if (random.nextInt(8) == 0) {
                        Thread.onSpinWait();
                    }
                    published.decrementAndGet(p);
                    arena.put(refs[p]);
                }
            });
            System.out.printf("[freeze] steals=%d failedFreezes=%d%n", steals.get(), failedFreezes.get());
            assertTrue(steals.get() > 0, "the stealer must have succeeded sometimes");
            assertTrue(failedFreezes.get() > 0, "and failed sometimes: otherwise the holders never overlapped it");
            for (int i = 0; i < pages; i++) {
                assertEquals(1, arena.refCount(refs[i]));
                arena.put(refs[i]);
            }
            assertEquals(0, audit.total(), () -> "violations: " + audit.events());
        }
        assertEquals(0, audit.total());
    }

    /** No frame handed out twice; a page's data stays its owner's; zero leaks. */
    @Test
    @Timeout(600)
    void shouldNeverHandOutAFrameTwice() throws Exception {
        final StressRun run = StressRun.configured("alloc");
        final PageAudit audit = new PageAudit();
        final int frames = 32;
        try (PageArena arena = new PageArena(frames, audit)) {
            final AtomicIntegerArray owner = new AtomicIntegerArray(frames);
            final AtomicLong exhausted = new AtomicLong();
            final long[][] mine = new long[THREADS][8];
            final int[] n = new int[THREADS];
            run.run("alloc", THREADS, (t, random) -> {
                if (n[t] < mine[t].length && random.nextBoolean()) {
                    final long ref = arena.alloc();
                    if (ref == PageRef.NULL) {
                        exhausted.incrementAndGet();
                        return;
                    }
                    if (!owner.compareAndSet(PageRef.frame(ref), 0, t + 1)) {
                        throw new AssertionError("frame " + PageRef.frame(ref) + " handed out while thread "
                            + owner.get(PageRef.frame(ref)) + " owns it");
                    }
                    arena.fill(ref, 0, PageArena.PAGE_SIZE, (byte) (t + 1));
                    mine[t][n[t]++] = ref;
                } else if (n[t] > 0) {
                    final long ref = mine[t][--n[t]];
                    final byte b = arena.readByte(ref, random.nextInt(PageArena.PAGE_SIZE));
                    if (b != (byte) (t + 1)) {
                        throw new AssertionError("thread " + t + "'s page holds data of thread " + (b - 1));
                    }
                    owner.set(PageRef.frame(ref), 0);
                    assertTrue(arena.put(ref));
                }
            });
            for (int t = 0; t < THREADS; t++) {
                while (n[t] > 0) {
                    arena.put(mine[t][--n[t]]);
                }
            }
            System.out.printf("[alloc] arena-exhausted=%d times%n", exhausted.get());
            assertEquals(0, arena.framesInUse(), "zero leaks");
            assertEquals(0, audit.total(), () -> "violations: " + audit.events());
        }
        assertEquals(0, audit.total());
    }

    /**
     * Everything at once on a few shared frames: alloc/free churn, get/tryGet/put, freeze/unfreeze
     * steals. Exact accounting per frame at the end; no violation at any point.
     */
    @Test
    @Timeout(600)
    void shouldKeepExactAccountingUnderMixedOperations() throws Exception {
        final StressRun run = StressRun.configured("mixed");
        final PageAudit audit = new PageAudit();
        final int shared = 4;
        try (PageArena arena = new PageArena(64, audit)) {
            final long[] refs = new long[shared];
            for (int i = 0; i < shared; i++) {
                refs[i] = arena.alloc();
            }
            final AtomicLongArray heldTotal = new AtomicLongArray(shared);
            final int[][] held = new int[THREADS][shared];
            run.run("mixed", THREADS, (t, random) -> {
                final int p = random.nextInt(shared);
                final int op = random.nextInt(6);
                if (op == 0) {
                    final long ref = arena.alloc();
                    if (ref != PageRef.NULL) {
                        arena.write(ref, 0, new byte[] {(byte) t}, 0, 1);
                        arena.put(ref);
                    }
                } else if (op == 1 || op == 2) {
                    if (arena.tryGet(refs[p])) {
                        held[t][p]++;
                        heldTotal.incrementAndGet(p);
                    }
                } else if (op == 3 && held[t][p] > 0) {
                    held[t][p]--;
                    heldTotal.decrementAndGet(p);
                    arena.put(refs[p]);
                } else if (op == 4 && held[t][p] > 0) {
                    // steal attempt by a holder: it knows the base reference and its own
                    if (arena.freeze(refs[p], 2)) {
                        if (heldTotal.get(p) != 1) {
                            throw new AssertionError("froze page " + p + " while " + heldTotal.get(p) + " refs are held");
                        }
                        arena.unfreeze(refs[p], 2);
                    }
                } else if (op == 5 && held[t][p] > 0) {
                    assertTrue(arena.get(refs[p]));
                    held[t][p]++;
                    heldTotal.incrementAndGet(p);
                }
            });
            for (int p = 0; p < shared; p++) {
                assertEquals(1 + heldTotal.get(p), arena.refCount(refs[p]), "page " + p);
                for (int t = 0; t < THREADS; t++) {
                    for (int k = 0; k < held[t][p]; k++) {
                        arena.put(refs[p]);
                    }
                }
                assertTrue(arena.put(refs[p]));
            }
            assertEquals(0, arena.framesInUse(), "zero leaks");
            assertEquals(0, audit.total(), () -> "violations: " + audit.events());
        }
        assertEquals(0, audit.total());
    }
}
