package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.actors.PageCacheFileTest.pattern;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageFlags;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageCacheProtocol.Command;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SyscallResult;

class PageCacheActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    private static final int PAGE = PageArena.PAGE_SIZE;
    private static final int DESC = 1;

    private Kernel kernel;
    private PageArena arena;
    private TestProbe<SyscallResult> results;
    private TestProbe<PipeIo.Filled> filled;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        arena = kernel.arena();
        results = testKit.createTestProbe();
        filled = testKit.createTestProbe();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        arena.close();
    }

    @Test
    void shouldReadWritePwriteAndAppendThroughDescriptions() {
        final ActorRef<Command> cache = spawn(pattern(100, 1));
        assertEquals(count(4), call(cache, r -> new PageCacheProtocol.Write(DESC, -1, new byte[] {1, 2, 3, 4}, false, r)));
        assertEquals(count(2), call(cache, r -> new PageCacheProtocol.Write(DESC, 50, new byte[] {8, 9}, false, r)));
        assertEquals(count(4), call(cache, r -> new PageCacheProtocol.Position(DESC, r)), "pwrite keeps the position");
        assertEquals(count(1), call(cache, r -> new PageCacheProtocol.Write(DESC, -1, new byte[] {7}, true, r)));
        assertEquals(count(101), call(cache, r -> new PageCacheProtocol.Position(DESC, r)), "O_APPEND: at the end");
        assertEquals(count(101), call(cache, r -> new PageCacheProtocol.Size(r)));
        assertEquals(SyscallResult.fail(Errno.EFBIG), call(cache,
            r -> new PageCacheProtocol.Write(DESC, PageCacheFile.MAX_FILE_SIZE, new byte[] {1}, false, r)));
        assertEquals(SyscallResult.fail(Errno.EINVAL), call(cache, r -> new PageCacheProtocol.Read(DESC, 0, -1, false, r)));

        final byte[] expected = Arrays.copyOf(pattern(100, 1), 101);
        System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 0, 4);
        expected[50] = 8;
        expected[51] = 9;
        expected[100] = 7;
        assertArrayEquals(expected, data(call(cache, r -> new PageCacheProtocol.Read(2, 0, 1000, false, r))));
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 10),
            data(call(cache, r -> new PageCacheProtocol.Read(2, -1, 10, false, r))));
        assertArrayEquals(Arrays.copyOfRange(expected, 10, 20),
            data(call(cache, r -> new PageCacheProtocol.Read(2, -1, 10, false, r))), "read advances the position");
        assertArrayEquals(new byte[0], data(call(cache, r -> new PageCacheProtocol.Read(2, 5000, 10, false, r))));
        assertArrayEquals(Arrays.copyOfRange(expected, 48, 52),
            data(call(cache, r -> new PageCacheProtocol.Read(2, 48, 4, true, r))), "O_DIRECT read sees written data");
        stopAndCheck(cache);
    }

    @Test
    void shouldSpliceReadPageCacheReferencesAndAdvanceThePosition() {
        final byte[] content = pattern(3 * PAGE, 2);
        final ActorRef<Command> cache = spawn(content);
        final PageVector v = spliceRead(cache, -1, 64 * 1024, false);
        assertEquals(3, v.count());
        for (int i = 0; i < 3; i++) {
            assertEquals(OpsKind.PAGE_CACHE, v.ops(i));
            assertEquals(2, arena.refCount(v.ref(i)), "the cache's reference and the pipe's");
            assertTrue(arena.hasFlags(v.ref(i), PageFlags.IN_PAGE_CACHE));
        }
        assertArrayEquals(content, bytes(v));
        assertEquals(count(3 * PAGE), call(cache, r -> new PageCacheProtocol.Position(DESC, r)));

        cache.tell(new PageCacheProtocol.SpliceRead(DESC, -1, PAGE, 16, 0, false, filled.ref()));
        assertEquals(PipeIo.Filled.eof(), filled.receiveMessage(), "0 at EOF, no vector");

        assertEquals(count(1), call(cache, r -> new PageCacheProtocol.Write(DESC, PAGE + 5, new byte[] {42}, false, r)));
        assertEquals(42, arena.readByte(v.ref(1), 5), "a pwrite after the splice is seen through the reference");
        stopAndCheck(cache, v);
    }

    @Test
    void shouldKeepOldDataForRemovedPagesAndZeroTheStraddlingTailOnTruncate() {
        final byte[] content = pattern(2 * PAGE, 3);
        final ActorRef<Command> cache = spawn(content);
        final PageVector v = spliceRead(cache, 0, 2 * PAGE, false);
        assertEquals(count(0), call(cache, r -> new PageCacheProtocol.Truncate(100, r)));
        final byte[] first = Arrays.copyOf(Arrays.copyOf(content, 100), PAGE);
        assertArrayEquals(first, Arrays.copyOf(bytes(v), PAGE), "zeros past the new end, in place");
        assertArrayEquals(Arrays.copyOfRange(content, PAGE, 2 * PAGE), Arrays.copyOfRange(bytes(v), PAGE, 2 * PAGE),
            "the removed page keeps its old data");
        assertFalse(arena.hasFlags(v.ref(1), PageFlags.IN_PAGE_CACHE));
        assertEquals(count(100), call(cache, r -> new PageCacheProtocol.Size(r)));
        assertEquals(SyscallResult.fail(Errno.EINVAL), call(cache, r -> new PageCacheProtocol.Truncate(-1, r)));
        stopAndCheck(cache, v);
    }

    @Test
    void shouldKeepReferencedPagesOnFadviseDontneed() {
        final ActorRef<Command> cache = spawn(pattern(4 * PAGE, 4));
        final PageVector v = spliceRead(cache, PAGE, 2 * PAGE, false);
        assertEquals(4, arena.framesInUse(), "4 cached pages, 2 of them also in the pipe");
        assertEquals(count(0), call(cache, PageCacheProtocol.FadviseDontneed::new));
        assertEquals(2, arena.framesInUse(), "only the pipe's pages stay");
        assertTrue(arena.hasFlags(v.ref(0), PageFlags.IN_PAGE_CACHE), "and they stay cached");
        assertEquals(2, arena.refCount(v.ref(0)));
        assertArrayEquals(pattern(4 * PAGE, 4),
            data(call(cache, r -> new PageCacheProtocol.Read(DESC, 0, 4 * PAGE, false, r))));
        stopAndCheck(cache, v);
    }

    @Test
    void shouldSpliceSnapshotCopiesWithODirect() {
        final byte[] content = pattern(PAGE, 5);
        final ActorRef<Command> cache = spawn(content);
        final PageVector v = spliceRead(cache, 0, PAGE, true);
        assertEquals(1, v.count());
        assertEquals(OpsKind.DEFAULT, v.ops(0));
        assertEquals(1, arena.refCount(v.ref(0)), "a private copy");
        assertFalse(arena.hasFlags(v.ref(0), PageFlags.IN_PAGE_CACHE));
        call(cache, r -> new PageCacheProtocol.Write(DESC, 0, new byte[] {99}, false, r));
        assertArrayEquals(content, bytes(v), "a later pwrite does not reach the copy");
        stopAndCheck(cache, v);
    }

    @Test
    void shouldCopyPipePagesOnWritePages() {
        final ActorRef<Command> cache = spawn(new byte[0]);
        final long page = arena.alloc();
        arena.write(page, 0, pattern(PAGE, 6), 0, PAGE);
        final long handle = kernel.vectors().vector().open().add(page, 10, 500, 0, OpsKind.ANON).send();
        final TestProbe<PipeIo.Drained> drained = testKit.createTestProbe();
        cache.tell(new PageCacheProtocol.WritePages(DESC, -1, handle, 1, 500, drained.ref()));
        assertEquals(new PipeIo.Drained(500, null), drained.receiveMessage());
        assertFalse(arena.isLive(page), "pipe->file is a copy: the pipe's reference was put");
        assertEquals(count(500), call(cache, r -> new PageCacheProtocol.Position(DESC, r)));
        assertArrayEquals(Arrays.copyOfRange(pattern(PAGE, 6), 10, 510),
            data(call(cache, r -> new PageCacheProtocol.Read(2, 0, 1000, false, r))));
        assertEquals(count(0), call(cache, PageCacheProtocol.Fsync::new));
        assertEquals(count(600), call(cache, r -> new PageCacheProtocol.Advance(DESC, 100, r)));
        stopAndCheck(cache);
    }

    // ------------------------------------------------------------------ helpers

    private ActorRef<Command> spawn(final byte[] content) {
        return testKit.spawn(PageCacheActor.create(kernel, kernel.nextId(), content, new int[] {DESC, 2}));
    }

    private SyscallResult call(final ActorRef<Command> cache,
                               final Function<ActorRef<SyscallResult>, Command> request) {
        cache.tell(request.apply(results.ref()));
        return results.receiveMessage();
    }

    private PageVector spliceRead(final ActorRef<Command> cache, final long offset, final long len,
                                  final boolean direct) {
        cache.tell(new PageCacheProtocol.SpliceRead(DESC, offset, len, 16, 0, direct, filled.ref()));
        final PipeIo.Filled f = filled.receiveMessage();
        assertNull(f.error());
        final PageVector v = kernel.vectors().vector().receive(f.vector());
        assertEquals(f.count(), v.count());
        assertEquals(f.bytes(), v.bytes());
        return v;
    }

    private byte[] bytes(final PageVector v) {
        final byte[] out = new byte[(int) v.bytes()];
        for (int i = 0, at = 0; i < v.count(); at += v.len(i), i++) {
            arena.read(v.ref(i), v.offset(i), out, at, v.len(i));
        }
        return out;
    }

    /** Stops the cache; the pipe's references (if any) outlive it, then are put; nothing may leak. */
    private void stopAndCheck(final ActorRef<Command> cache, final PageVector... pipe) {
        testKit.stop(cache);
        int held = 0;
        for (final PageVector v : pipe) {
            held += v.count();
            for (int i = 0; i < v.count(); i++) {
                assertEquals(1, arena.refCount(v.ref(i)), "after the cache is gone only the pipe holds it");
            }
        }
        assertEquals(held, arena.framesInUse());
        for (final PageVector v : pipe) {
            v.discard(arena);
        }
        assertEquals(0, arena.framesInUse(), "no leaked frames");
    }

    private static SyscallResult count(final long n) {
        return SyscallResult.count(n);
    }

    private static byte[] data(final SyscallResult r) {
        return ((SyscallResult.Data) r).bytes();
    }
}
