package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.actors.PageCacheFileTest.pattern;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SocketProtocol;
import org.splicelab.protocols.SocketProtocol.Command;
import org.splicelab.protocols.SyscallResult;

@ArenaCheck
class SocketActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    private static final int PAGE = PageArena.PAGE_SIZE;
    private static final Duration QUIET = Duration.ofMillis(200);
    /** Marks an unused second entry in {@link #vector}. */
    private static final long NONE = -1;

    private Kernel kernel;
    private PageArena arena;
    private ParkCounter monitor;
    private TestProbe<SyscallResult> results;
    private TestProbe<PipeIo.Filled> filled;
    private TestProbe<PipeIo.Drained> drained;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        arena = kernel.arena();
        monitor = new ParkCounter();
        kernel.monitor(monitor);
        results = testKit.createTestProbe();
        filled = testKit.createTestProbe();
        drained = testKit.createTestProbe();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        arena.close();
    }

    @Test
    void shouldDeliverAndReadInOrder() {
        final ActorRef<Command> end = spawn(1);
        final byte[] data = pattern(10_000, 1);
        assertEquals(SyscallResult.count(10_000), deliver(end, data, false));
        end.tell(new SocketProtocol.Queued(results.ref()));
        assertEquals(SyscallResult.count(10_000), results.receiveMessage());
        assertArrayEquals(Arrays.copyOf(data, 6000), read(end, 6000, false));
        assertArrayEquals(Arrays.copyOfRange(data, 6000, 10_000), read(end, 100_000, false));
        stopAndCheck(end);
    }

    @Test
    void shouldQueueSplicedPagesByReferenceAndSpliceThemOutAsNosteal() {
        final ActorRef<Command> end = spawn(1);
        final long a = page(2);
        final long b = page(3);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, PAGE, b, 0, 200), 2, PAGE + 200, false, drained.ref()));
        assertEquals(new PipeIo.Drained(PAGE + 200, null), drained.receiveMessage());
        assertEquals(1, arena.refCount(a), "the socket kept the pipe's reference: no copy");

        end.tell(new SocketProtocol.SpliceRead(PAGE + 100, 16, false, filled.ref()));
        final PageVector out = received(filled.receiveMessage());
        assertEquals(2, out.count());
        assertEquals(a, out.ref(0));
        assertEquals(OpsKind.NOSTEAL, out.ops(0));
        assertEquals(0, out.flags(0));
        assertEquals(b, out.ref(1));
        assertEquals(100, out.len(1));
        assertEquals(2, arena.refCount(b), "partly taken: the pipe and the socket share it");
        assertEquals(PAGE + 200, kernel.stats().bytesByReference.sum(), "queued by reference; the pipe counts the rest");
        out.discard(arena);
        assertArrayEquals(Arrays.copyOfRange(pattern(PAGE, 3), 100, 200), read(end, 1000, false));
        stopAndCheck(end);
    }

    @Test
    void shouldAcceptPartOfASpliceWhenTheQueueIsNearlyFull() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY - 1000], false);
        final long a = page(4);
        final long b = page(5);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, PAGE, b, 0, PAGE), 2, 2 * PAGE, true, drained.ref()));
        assertEquals(new PipeIo.Drained(1000, null), drained.receiveMessage());
        assertFalse(arena.isLive(b), "the entry not accepted was put");
        final long c = page(6);
        end.tell(new SocketProtocol.SplicePages(vector(c, 0, 10, NONE, 0, 0), 1, 10, true, drained.ref()));
        assertEquals(new PipeIo.Drained(0, Errno.EAGAIN), drained.receiveMessage(), "full and non-blocking");
        assertFalse(arena.isLive(c), "EAGAIN puts every reference");
        stopAndCheck(end);
    }

    @Test
    void shouldFailNonblockingReadsAndParkBlockingOnesUntilDataArrives() {
        final ActorRef<Command> end = spawn(1);
        end.tell(new SocketProtocol.Read(10, true, results.ref()));
        assertEquals(SyscallResult.fail(Errno.EAGAIN), results.receiveMessage());
        end.tell(new SocketProtocol.SpliceRead(10, 16, true, filled.ref()));
        assertEquals(PipeIo.Filled.failed(Errno.EAGAIN), filled.receiveMessage());

        end.tell(new SocketProtocol.Read(10, false, results.ref()));
        end.tell(new SocketProtocol.SpliceRead(10, 16, false, filled.ref()));
        results.expectNoMessage(QUIET);
        assertEquals(2, monitor.blocked.get());
        final TestProbe<SyscallResult> writer = testKit.createTestProbe();
        end.tell(new SocketProtocol.Deliver(pattern(15, 7), false, writer.ref()));
        assertArrayEquals(Arrays.copyOf(pattern(15, 7), 10), ((SyscallResult.Data) results.receiveMessage()).bytes());
        final PageVector out = received(filled.receiveMessage());
        assertEquals(5, out.bytes(), "the woken splice takes what the first reader left");
        out.discard(arena);
        assertEquals(SyscallResult.count(15), writer.receiveMessage());
        assertEquals(0, monitor.blocked.get());
        stopAndCheck(end);
    }

    @Test
    void shouldParkABlockingWriterUntilReadersMakeRoomThenWriteEverything() {
        final ActorRef<Command> end = spawn(1);
        final byte[] data = pattern(SocketQueue.CAPACITY + 10_000, 8);
        final TestProbe<SyscallResult> writer = testKit.createTestProbe();
        end.tell(new SocketProtocol.Deliver(data, false, writer.ref()));
        writer.expectNoMessage(QUIET);
        assertEquals(1, monitor.blocked.get());
        assertEquals(SyscallResult.fail(Errno.EAGAIN), deliver(end, new byte[] {1}, true), "full: nonblock fails");

        final byte[] first = read(end, 6000, false);
        writer.expectNoMessage(QUIET);
        final byte[] second = read(end, 6000, false);
        assertEquals(SyscallResult.count(data.length), writer.receiveMessage(), "a blocking write writes everything");
        assertEquals(0, monitor.blocked.get());
        final byte[] rest = read(end, Integer.MAX_VALUE, false);
        final byte[] all = new byte[data.length];
        System.arraycopy(first, 0, all, 0, 6000);
        System.arraycopy(second, 0, all, 6000, 6000);
        System.arraycopy(rest, 0, all, 12_000, rest.length);
        assertArrayEquals(data, all);
        stopAndCheck(end);
    }

    @Test
    void shouldReturnAPartialCountForANonblockingWriteThatDoesNotFit() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY - 100], false);
        assertEquals(SyscallResult.count(100), deliver(end, new byte[500], true));
        stopAndCheck(end);
    }

    @Test
    void shouldParkABlockingSplicerUntilItsWholeVectorIsQueued() {
        // Observed on Linux 6.18: a blocking splice pipe -> socket into a full socket returns only when
        // all of it is queued, not when a first read makes room for part of it.
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY], false);
        final long a = page(9);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, PAGE, NONE, 0, 0), 1, PAGE, false,
            drained.ref()));
        drained.expectNoMessage(QUIET);
        read(end, 1000, false);
        drained.expectNoMessage(QUIET);
        assertEquals(2, arena.refCount(a), "a prefix is queued on a reference of its own; the vector keeps one");
        assertEquals(1, monitor.blocked.get());
        read(end, SocketQueue.CAPACITY - 1000, false);
        assertEquals(new PipeIo.Drained(PAGE, null), drained.receiveMessage(), "the whole page, once there is room");
        assertEquals(0, monitor.blocked.get());
        assertEquals(2, arena.refCount(a), "two fragments of the page are queued, each with its reference");
        assertArrayEquals(pattern(PAGE, 9), read(end, 2 * PAGE, false), "in order, nothing lost");
        stopAndCheck(end);
    }

    @Test
    void shouldQueueAPartOfABlockingSpliceAtOnceAndTheRestAsReadersMakeRoom() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY - 1000], false);
        final long a = page(4);
        final long b = page(5);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, PAGE, b, 100, 300), 2, PAGE + 300, false,
            drained.ref()));
        drained.expectNoMessage(QUIET);
        assertEquals(SocketQueue.CAPACITY, queuedBytes(end), "what fits is queued at once");
        assertEquals(SyscallResult.fail(Errno.EAGAIN), deliver(end, new byte[] {1}, true), "a writer waits first");
        read(end, SocketQueue.CAPACITY - 1000, false);
        assertEquals(new PipeIo.Drained(PAGE + 300, null), drained.receiveMessage());
        final byte[] expected = new byte[PAGE + 300];
        System.arraycopy(pattern(PAGE, 4), 0, expected, 0, PAGE);
        System.arraycopy(pattern(PAGE, 5), 100, expected, PAGE, 300);
        assertArrayEquals(expected, read(end, 2 * PAGE, false));
        stopAndCheck(end);
    }

    @Test
    void shouldReturnWhatABlockingSpliceQueuedWhenTheEndClosesUnderIt() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY - 1000], false);
        final long a = page(4);
        final long b = page(5);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, PAGE, b, 0, PAGE), 2, 2 * PAGE, false,
            drained.ref()));
        drained.expectNoMessage(QUIET);
        end.tell(new SocketProtocol.Close(results.ref()));
        assertEquals(new PipeIo.Drained(1000, null), drained.receiveMessage(), "sent before the close");
        assertFalse(arena.isLive(a) || arena.isLive(b), "closing put the queue and the rest of the vector");
        stopAndCheck(end);
    }

    @Test
    void shouldGiveEofToParkedReadersWhenThePeerCloses() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[] {1, 2, 3}, false);
        end.tell(new SocketProtocol.PeerClosed(null));
        assertArrayEquals(new byte[] {1, 2, 3}, read(end, 100, false), "queued data is read before EOF");
        end.tell(new SocketProtocol.Read(100, false, results.ref()));
        assertArrayEquals(new byte[0], ((SyscallResult.Data) results.receiveMessage()).bytes(), "EOF");
        end.tell(new SocketProtocol.SpliceRead(100, 16, false, filled.ref()));
        assertEquals(PipeIo.Filled.eof(), filled.receiveMessage());
        stopAndCheck(end);
    }

    @Test
    void shouldWakeThePeersParkedReaderBeforeAcknowledgingTheLastClose() {
        final ActorRef<Command> a = spawn(2);
        final ActorRef<Command> b = spawn(1);
        a.tell(new SocketActor.Connect(b));
        b.tell(new SocketActor.Connect(a));
        b.tell(new SocketProtocol.Read(100, false, results.ref()));
        results.expectNoMessage(QUIET);

        a.tell(new SocketProtocol.Close(results.ref()));
        assertEquals(SyscallResult.count(0), results.receiveMessage(), "one of two holders closed");
        results.expectNoMessage(QUIET);
        a.tell(new SocketProtocol.Close(results.ref()));
        assertArrayEquals(new byte[0], ((SyscallResult.Data) results.receiveMessage()).bytes(), "EOF first");
        assertEquals(SyscallResult.count(0), results.receiveMessage(), "then the close is acknowledged");
        assertEquals(0, monitor.blocked.get());

        assertEquals(SyscallResult.fail(Errno.EPIPE), deliver(a, new byte[] {1}, false), "a closed end: EPIPE");
        final long p = page(10);
        a.tell(new SocketProtocol.SplicePages(vector(p, 0, 10, NONE, 0, 0), 1, 10, false,
            drained.ref()));
        assertEquals(new PipeIo.Drained(0, Errno.EPIPE), drained.receiveMessage());
        assertFalse(arena.isLive(p));
        a.tell(new SocketProtocol.Close(results.ref()));
        assertEquals(SyscallResult.fail(Errno.EBADF), results.receiveMessage());
        stopAndCheck(a, b);
    }

    @Test
    void shouldTreatAnEndNoProcessHoldsAsClosed() {
        final ActorRef<Command> held = spawn(1);
        final ActorRef<Command> orphan = spawn(0);
        held.tell(new SocketActor.Connect(orphan));
        orphan.tell(new SocketActor.Connect(held));
        assertEquals(SyscallResult.fail(Errno.EPIPE), deliver(orphan, new byte[] {1}, false), "writes to it fail");
        assertArrayEquals(new byte[0], read(held, 10, false), "its peer reads EOF");
        stopAndCheck(held, orphan);
    }

    @Test
    void shouldFailParkedWritersWithEpipeWhenTheEndCloses() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY], false);
        final TestProbe<SyscallResult> writer = testKit.createTestProbe();
        end.tell(new SocketProtocol.Deliver(new byte[10], false, writer.ref()));
        final long a = page(11);
        end.tell(new SocketProtocol.SplicePages(vector(a, 0, 10, NONE, 0, 0), 1, 10, false,
            drained.ref()));
        writer.expectNoMessage(QUIET);
        assertEquals(2, monitor.blocked.get());
        end.tell(new SocketProtocol.Close(results.ref()));
        assertEquals(SyscallResult.fail(Errno.EPIPE), writer.receiveMessage());
        assertEquals(new PipeIo.Drained(0, Errno.EPIPE), drained.receiveMessage());
        assertEquals(SyscallResult.count(0), results.receiveMessage());
        assertEquals(0, monitor.blocked.get());
        assertEquals(0, arena.framesInUse(), "closing dropped the queue");
        stopAndCheck(end);
    }

    @Test
    void shouldReleaseQueuedAndParkedPagesWhenStopped() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY], false);
        end.tell(new SocketProtocol.SplicePages(vector(page(12), 0, 10, NONE, 0, 0), 1, 10, false,
            drained.ref()));
        drained.expectNoMessage(QUIET);
        stopAndCheck(end);
        drained.expectNoMessage(QUIET);
    }

    @Test
    void shouldReleaseAPartlyQueuedBlockingSpliceWhenStopped() {
        final ActorRef<Command> end = spawn(1);
        deliver(end, new byte[SocketQueue.CAPACITY - 10], false);
        end.tell(new SocketProtocol.SplicePages(vector(page(12), 0, PAGE, page(13), 0, PAGE), 2, 2 * PAGE, false,
            drained.ref()));
        end.tell(new SocketProtocol.SplicePages(vector(page(14), 0, 10, NONE, 0, 0), 1, 10, false,
            drained.ref()));
        drained.expectNoMessage(QUIET);
        stopAndCheck(end);
    }

    // ------------------------------------------------------------------ helpers

    private ActorRef<Command> spawn(final int holders) {
        return testKit.spawn(SocketActor.create(kernel, holders, false));
    }

    private SyscallResult deliver(final ActorRef<Command> end, final byte[] data, final boolean nonblock) {
        final TestProbe<SyscallResult> writer = testKit.createTestProbe();
        end.tell(new SocketProtocol.Deliver(data, nonblock, writer.ref()));
        return writer.receiveMessage();
    }

    private long queuedBytes(final ActorRef<Command> end) {
        final TestProbe<SyscallResult> asker = testKit.createTestProbe();
        end.tell(new SocketProtocol.Queued(asker.ref()));
        return ((SyscallResult.Count) asker.receiveMessage()).value();
    }

    private byte[] read(final ActorRef<Command> end, final int len, final boolean nonblock) {
        final TestProbe<SyscallResult> reader = testKit.createTestProbe();
        end.tell(new SocketProtocol.Read(len, nonblock, reader.ref()));
        return ((SyscallResult.Data) reader.receiveMessage()).bytes();
    }

    private long page(final int seed) {
        final long ref = arena.alloc();
        arena.write(ref, 0, pattern(PAGE, seed), 0, PAGE);
        return ref;
    }

    /** A sent vector of one or two ANON entries (the second omitted when {@code b} is NONE). */
    private long vector(final long a, final int aOff, final int aLen, final long b, final int bOff, final int bLen) {
        final PageVector v = kernel.vectors().vector().open().add(a, aOff, aLen, 0, OpsKind.ANON);
        if (b != NONE) {
            v.add(b, bOff, bLen, 0, OpsKind.ANON);
        }
        return v.send();
    }

    private PageVector received(final PipeIo.Filled f) {
        assertNull(f.error());
        assertTrue(f.bytes() > 0);
        return kernel.vectors().vector().receive(f.vector());
    }

    private void stopAndCheck(final ActorRef<?>... ends) {
        for (final ActorRef<?> end : ends) {
            testKit.stop(end);
        }
        assertEquals(0, arena.framesInUse(), "no leaked frames");
    }

    /** Counts parked requests. */
    private static final class ParkCounter implements BlockingMonitor {
        final AtomicInteger blocked = new AtomicInteger();

        @Override
        public void blocked() {
            blocked.incrementAndGet();
        }

        @Override
        public void unblocked() {
            blocked.decrementAndGet();
        }

        @Override
        public void exited() {
        }
    }
}
