package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.actors.PageCacheFileTest.pattern;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.SocketKind;

@ArenaCheck
class SocketQueueTest {
    private static final int PAGE = PageArena.PAGE_SIZE;

    private Kernel kernel;
    private PageArena arena;
    private SocketQueue queue;
    /** A UDP end's queue: datagram boundaries, truncation, corking, copy_splice_read (test/kernel-checks/udp_splice.c). */
    private SocketQueue udp;

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        arena = kernel.arena();
        queue = new SocketQueue(kernel);
        udp = new SocketQueue(kernel, SocketKind.UDP);
    }

    @AfterEach
    void tearDown() {
        queue.clear(KernelStats.Discard.END_OF_RUN);
        udp.clear(KernelStats.Discard.END_OF_RUN);
        assertEquals(0, arena.framesInUse(), "every frame released");
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        arena.close();
    }

    @Test
    void shouldCopyAReadIntoTheUserPageWrappingAroundIt() {
        final byte[] data = pattern(10_000, 1);
        queue.deliver(data, 0, data.length);
        final long user = arena.alloc();
        assertEquals(5000, queue.readInto(5000, user));
        assertEquals(5000, queue.bytes());
        assertEquals(data[4999], arena.readByte(user, 4999 - PAGE), "bytes past a page wrap to its start");
        assertEquals(data[4095], arena.readByte(user, 4095));
        assertEquals(5000, queue.readInto(100_000, user), "at most what is queued");
        assertTrue(queue.isEmpty());
        assertEquals(data[9999], arena.readByte(user, (9999 - 5000) - PAGE));
        arena.put(user);
        assertEquals(0, arena.framesInUse());
    }

    @Test
    void shouldCopyDeliveredBytesInAndOutInOrder() {
        final byte[] data = pattern(10_000, 1);
        assertEquals(10_000, queue.deliver(data, 0, data.length));
        assertEquals(3, queue.fragments());
        assertEquals(10_000, queue.bytes());
        assertArrayEquals(Arrays.copyOf(data, 5000), queue.read(5000));
        assertEquals(2, queue.fragments(), "the fully read first page was put");
        assertArrayEquals(Arrays.copyOfRange(data, 5000, 10_000), queue.read(100_000));
        assertTrue(queue.isEmpty());
        assertEquals(0, arena.framesInUse());
        assertEquals(10_000, kernel.stats().bytesCopied.sum(), "the send copies; the read is delivery");
    }

    @Test
    void shouldAppendSmallSendsToTheTailPage() {
        for (int i = 0; i < 100; i++) {
            queue.deliver(new byte[] {(byte) i}, 0, 1);
        }
        assertEquals(1, queue.fragments(), "one page holds 100 one-byte sends");
        final byte[] expected = new byte[100];
        for (int i = 0; i < 100; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, queue.read(1000));
    }

    @Test
    void shouldQueueNoMoreThanTheCapacity() {
        final byte[] data = pattern(SocketQueue.CAPACITY + 5000, 2);
        assertEquals(SocketQueue.CAPACITY, queue.deliver(data, 0, data.length));
        assertEquals(0, queue.room());
        assertEquals(0, queue.deliver(data, 0, 1));
    }

    @Test
    void shouldKeepSplicedReferencesAsFragments() {
        final long a = page(3);
        final long b = page(4);
        final PageVector v = vector().add(a, 100, 1000, 0, OpsKind.PAGE_CACHE).add(b, 0, PAGE, 0, OpsKind.ANON);
        assertEquals(1000 + PAGE, queue.accept(received(v)));
        assertEquals(1, arena.refCount(a), "the vector's reference became the fragment's");
        assertEquals(2, queue.fragments());
        final byte[] expected = new byte[1000 + PAGE];
        System.arraycopy(pattern(PAGE, 3), 100, expected, 0, 1000);
        System.arraycopy(pattern(PAGE, 4), 0, expected, 1000, PAGE);
        assertArrayEquals(expected, queue.read(100_000));
        assertFalse(arena.isLive(a) || arena.isLive(b));
        assertEquals(1000 + PAGE, kernel.stats().bytesByReference.sum());
    }

    @Test
    void shouldAcceptWholeEntriesWhileTheyFitAndPutTheRest() {
        queue.deliver(new byte[SocketQueue.CAPACITY - 5000], 0, SocketQueue.CAPACITY - 5000);
        final long a = page(5);
        final long b = page(6);
        final long c = page(7);
        final PageVector v = vector().add(a, 0, 3000, 0, OpsKind.ANON).add(b, 0, 3000, 0, OpsKind.ANON)
            .add(c, 0, 100, 0, OpsKind.ANON);
        assertEquals(3000, queue.accept(received(v)), "stops at the first entry that does not fit");
        assertTrue(arena.isLive(a));
        assertFalse(arena.isLive(b) || arena.isLive(c), "the entries not accepted were put");
    }

    @Test
    void shouldAcceptAPrefixOfAFirstEntryThatDoesNotFit() {
        queue.deliver(new byte[SocketQueue.CAPACITY - 1000], 0, SocketQueue.CAPACITY - 1000);
        final long a = page(8);
        final long b = page(9);
        assertEquals(1000, queue.accept(received(vector().add(a, 10, PAGE - 10, 0, OpsKind.ANON)
            .add(b, 0, 10, 0, OpsKind.ANON))));
        assertEquals(0, queue.room());
        assertEquals(1, arena.refCount(a), "the prefix keeps the reference");
        assertFalse(arena.isLive(b));
        queue.read(SocketQueue.CAPACITY - 1000);
        assertArrayEquals(Arrays.copyOfRange(pattern(PAGE, 8), 10, 1010), queue.read(5000));
    }

    @Test
    void shouldHandFragmentReferencesToAPipeAsNosteal() {
        final long a = page(10);
        queue.accept(received(vector().add(a, 0, PAGE, 0, OpsKind.PAGE_CACHE)));
        queue.deliver(pattern(2 * PAGE, 11), 0, 2 * PAGE);
        final PageVector out = kernel.vectors().vector().open();
        assertEquals(PAGE + 100, queue.spliceOut(PAGE + 100, 16, out));
        assertEquals(2, out.count());
        assertEquals(a, out.ref(0));
        assertEquals(OpsKind.NOSTEAL, out.ops(0));
        assertEquals(1, arena.refCount(a), "a whole fragment transfers its reference");
        assertEquals(100, out.len(1));
        assertEquals(2, arena.refCount(out.ref(1)), "a partly taken fragment is shared with the pipe");
        assertEquals(2 * PAGE - 100, queue.bytes());
        out.discard(arena);
        assertArrayEquals(Arrays.copyOfRange(pattern(2 * PAGE, 11), 100, 2 * PAGE), queue.read(100_000));
    }

    @Test
    void shouldStopSpliceOutAtMaxBufs() {
        queue.deliver(pattern(3 * PAGE, 12), 0, 3 * PAGE);
        final PageVector out = kernel.vectors().vector().open();
        assertEquals(2 * PAGE, queue.spliceOut(Long.MAX_VALUE, 2, out));
        assertEquals(PAGE, queue.bytes());
        out.discard(arena);
    }

    private long page(final int seed) {
        final long ref = arena.alloc();
        arena.write(ref, 0, pattern(PAGE, seed), 0, PAGE);
        return ref;
    }

    private PageVector vector() {
        return kernel.vectors().vector().open();
    }

    private PageVector received(final PageVector open) {
        return kernel.vectors().vector().receive(open.send());
    }

    @Test
    void shouldReadOneDatagramAndDropItsUnreadRest() {
        udp.sendDatagram("hello".getBytes(), false);
        udp.sendDatagram("world".getBytes(), false);
        assertEquals(5, udp.firstDatagram(), "FIONREAD: the first datagram");
        assertArrayEquals("he".getBytes(), udp.readDatagram(2));
        assertArrayEquals("world".getBytes(), udp.readDatagram(100), "the rest of hello was dropped");
        assertTrue(udp.isEmpty());
        assertEquals(3L, kernel.stats().discarded().get("datagram-truncated"));
    }

    @Test
    void shouldSpliceADatagramIntoFreshPagesCappedByTheRoom() {
        final byte[] data = pattern(8000, 3);
        udp.sendDatagram(data, false);
        final PageVector out = kernel.vectors().vector().open();
        assertEquals(PAGE, udp.spliceDatagram(100_000, 1, out), "one slot of room: one page, the rest dropped");
        assertEquals(1, out.count());
        assertEquals(OpsKind.DEFAULT, out.ops(0), "copy_splice_read: a fresh page");
        assertEquals(0, out.flags(0), "flags 0: no CAN_MERGE");
        final byte[] got = new byte[PAGE];
        arena.read(out.ref(0), 0, got, 0, PAGE);
        assertArrayEquals(Arrays.copyOf(data, PAGE), got);
        out.discard(arena);
        assertTrue(udp.isEmpty());
        assertEquals(8000L - PAGE, kernel.stats().discarded().get("datagram-truncated"));
    }

    @Test
    void shouldCorkAMoreSendUntilASendWithoutItCompletesTheDatagram() {
        assertEquals(3, udp.sendDatagram("abc".getBytes(), true));
        assertTrue(udp.isEmpty(), "a corked datagram is not visible");
        assertEquals(0, udp.firstDatagram());
        udp.sendDatagram("xy".getBytes(), false);
        assertArrayEquals("abcxy".getBytes(), udp.readDatagram(100));
    }

    @Test
    void shouldRefuseADatagramOverTheLimitAndDropTheCorkedOne() {
        assertEquals(SocketKind.MAX_DATAGRAM, udp.sendDatagram(new byte[SocketKind.MAX_DATAGRAM], false));
        assertEquals(SocketQueue.EMSGSIZE, udp.sendDatagram(new byte[SocketKind.MAX_DATAGRAM + 1], false));
        assertEquals(60_000, udp.sendDatagram(new byte[60_000], true));
        assertEquals(SocketQueue.EMSGSIZE, udp.sendDatagram(new byte[6000], false), "corked + this is over the limit");
        assertEquals(SocketKind.MAX_DATAGRAM, udp.firstDatagram());
        udp.readDatagram(SocketKind.MAX_DATAGRAM);
        assertFalse(udp.isEmpty() && udp.fragments() > 0, "the corked bytes left with the refused send");
        assertEquals(0, udp.fragments());
        assertEquals(60_000L, kernel.stats().discarded().get("datagram-dropped"));
    }

    @Test
    void shouldKeepAnEmptyDatagram() {
        udp.sendDatagram(new byte[0], false);
        assertFalse(udp.isEmpty());
        assertEquals(0, udp.firstDatagram());
        assertArrayEquals(new byte[0], udp.readDatagram(10));
        assertTrue(udp.isEmpty());
    }

    @Test
    void shouldDropADatagramThatFindsTheQueueOverItsCapacity() {
        while (udp.bytes() <= SocketQueue.CAPACITY) {
            udp.sendDatagram(new byte[SocketKind.MAX_DATAGRAM], false);
        }
        final long before = udp.bytes();
        assertEquals(10, udp.sendDatagram(new byte[10], false), "the send succeeds; the datagram is lost");
        assertEquals(before, udp.bytes());
        assertEquals(10L, kernel.stats().discarded().get("datagram-dropped"));
    }
}
