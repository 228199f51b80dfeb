package org.splicelab.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;

/** Vectors passed between real threads: every reference arrives once, every slab comes back. */
class PageVectorStressTest {
    @Test
    @Timeout(600)
    void shouldTransferEveryReferenceExactlyOnce() throws Exception {
        final StressRun run = StressRun.configured("vector");
        final PageAudit audit = new PageAudit();
        final int producers = 2;
        try (PageArena arena = new PageArena(4096, audit); PageVectorPool pool = new PageVectorPool(64, 16)) {
            final BlockingQueue<Long> channel = new ArrayBlockingQueue<>(32);
            final PageVector[] vectors = new PageVector[producers + 2];
            for (int i = 0; i < vectors.length; i++) {
                vectors[i] = pool.vector();
            }
            final long[] sentPages = new long[producers];
            final long[] receivedPages = new long[2];
            final long[] returnedPages = new long[producers];
            run.run("vector", producers + 2, (t, random) -> {
                if (t < producers) {
                    final PageVector v = vectors[t].open();
                    final int n = 1 + random.nextInt(16);
                    for (int i = 0; i < n; i++) {
                        final long ref = arena.alloc();
                        if (ref == 0) {
                            break;
                        }
                        arena.fill(ref, 0, 8, (byte) i);
                        v.add(ref, i, 8, 0, OpsKind.ANON);
                    }
                    sentPages[t] += v.count();
                    final long handle = v.send();
                    boolean queued = channel.offer(handle);
                    for (int spin = 0; !queued && spin < 1000; spin++) {
                        Thread.yield();
                        queued = channel.offer(handle);
                    }
                    if (!queued) { // consumers gone (end of run): take it back, as a sender whose send failed
                        final PageVector back = vectors[t].receive(handle);
                        returnedPages[t] += back.count();
                        back.discard(arena);
                    }
                } else {
                    final Long handle = channel.poll();
                    if (handle != null) {
                        final PageVector v = vectors[t].receive(handle);
                        for (int i = 0; i < v.count(); i++) {
                            if (v.offset(i) != i || arena.readByte(v.ref(i), 0) != (byte) i) {
                                throw new AssertionError("entry " + i + " corrupted: " + v);
                            }
                        }
                        receivedPages[t - producers] += v.count();
                        v.discard(arena);
                    }
                }
            });
            final PageVector drain = pool.vector();
            Long handle;
            long drained = 0;
            while ((handle = channel.poll()) != null) {
                drained += drain.receive(handle).count();
                drain.discard(arena);
            }
            System.out.printf("[vector] pages sent=%d received=%d returned=%d drained=%d%n", sentPages[0] + sentPages[1],
                receivedPages[0] + receivedPages[1], returnedPages[0] + returnedPages[1], drained);
            assertEquals(sentPages[0] + sentPages[1],
                receivedPages[0] + receivedPages[1] + returnedPages[0] + returnedPages[1] + drained,
                "every page sent was received once");
            assertEquals(0, pool.inUse(), "every slab returned");
            assertEquals(0, arena.framesInUse(), "every reference put");
            assertEquals(0, audit.total(), () -> "violations: " + audit.events());
        }
    }
}
