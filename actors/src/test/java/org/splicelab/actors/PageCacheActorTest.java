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
import java.util.Arrays;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageCacheProtocol.Command;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.SyscallResult;

@ArenaCheck
class PageCacheActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    private static final int PAGE = PageArena.PAGE_SIZE;

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
    void shouldWritePwriteAndAppendThroughTheDescriptionsPosition() {
        final Owned f = spawn(pattern(100, 1));
        final FilePosition pos = new FilePosition();
        assertEquals(count(4), call(f.actor, r -> new PageCacheProtocol.Write(pos, -1, new byte[] {1, 2, 3, 4}, false, r)));
        assertEquals(count(2), call(f.actor, r -> new PageCacheProtocol.Write(pos, 50, new byte[] {8, 9}, false, r)));
        assertEquals(4, pos.get(), "pwrite keeps the position");
        assertEquals(count(1), call(f.actor, r -> new PageCacheProtocol.Write(pos, -1, new byte[] {7}, true, r)));
        assertEquals(101, pos.get(), "O_APPEND: at the end");
        assertEquals(101, f.pages.size());
        assertEquals(SyscallResult.fail(Errno.EFBIG), call(f.actor,
            r -> new PageCacheProtocol.Write(pos, PageCacheFile.MAX_FILE_SIZE, new byte[] {1}, false, r)));
        assertEquals(SyscallResult.fail(Errno.EINVAL), call(f.actor, r -> new PageCacheProtocol.ReadDirect(pos, 0, -1, r)));

        final byte[] expected = Arrays.copyOf(pattern(100, 1), 101);
        System.arraycopy(new byte[] {1, 2, 3, 4}, 0, expected, 0, 4);
        expected[50] = 8;
        expected[51] = 9;
        expected[100] = 7;
        assertArrayEquals(expected, lookupBytes(f.pages, 0, 101), "the test thread reads the shared cache directly");
        final FilePosition other = new FilePosition();
        assertArrayEquals(Arrays.copyOfRange(expected, 48, 52),
            data(call(f.actor, r -> new PageCacheProtocol.ReadDirect(other, 48, 4, r))), "O_DIRECT read sees written data");
        assertArrayEquals(Arrays.copyOfRange(expected, 0, 10),
            data(call(f.actor, r -> new PageCacheProtocol.ReadDirect(other, -1, 10, r))));
        assertEquals(10, other.get(), "read(2) advances the position");
        stopAndCheck(f.actor);
    }

    @Test
    void shouldFillWhatALookupMissedAndStopAtTheEnd() {
        final byte[] content = pattern(3 * PAGE, 2);
        final Owned f = spawn(content);
        assertEquals(count(0), call(f.actor, PageCacheProtocol.FadviseDontneed::new));
        assertEquals(0, f.pages.nrPages(), "nothing held the pages: all evicted");
        assertEquals(PageRef.NULL, f.pages.lookup(1, new LookupStats()), "a miss");
        final TestProbe<PageCacheProtocol.Filled> fills = testKit.createTestProbe();
        f.actor.tell(new PageCacheProtocol.Fill(1, 16, fills.ref()));
        final PageCacheProtocol.Filled filledPages = fills.receiveMessage();
        assertEquals(2, filledPages.inserted(), "pages 1 and 2; EOF after them");
        assertEquals(2, filledPages.pinCount(), "one pin per page for the requester");
        final PageVector pins = kernel.vectors().vector().receive(filledPages.pins());
        assertEquals(2, arena.refCount(pins.ref(0)), "the cache's reference and the requester's pin");
        assertEquals(count(0), call(f.actor, PageCacheProtocol.FadviseDontneed::new));
        assertEquals(2, f.pages.nrPages(), "a pinned page cannot be evicted before the requester looked it up");
        assertArrayEquals(Arrays.copyOfRange(content, PAGE, 3 * PAGE), lookupBytes(f.pages, PAGE, 2 * PAGE));
        pins.discard(arena);
        f.actor.tell(new PageCacheProtocol.Fill(3, 16, fills.ref()));
        assertEquals(new PageCacheProtocol.Filled(3, 0, 0, 0, null), fills.receiveMessage(), "nothing past the end");
        stopAndCheck(f.actor);
    }

    @Test
    void shouldKeepOldDataForRemovedPagesAndZeroTheStraddlingTailOnTruncate() {
        final byte[] content = pattern(2 * PAGE, 3);
        final Owned f = spawn(content);
        final PageVector v = pipeReferences(f.pages, 0, 2);
        assertEquals(count(0), call(f.actor, r -> new PageCacheProtocol.Truncate(100, r)));
        final byte[] first = Arrays.copyOf(Arrays.copyOf(content, 100), PAGE);
        assertArrayEquals(first, Arrays.copyOf(bytes(v), PAGE), "zeros past the new end, in place");
        assertArrayEquals(Arrays.copyOfRange(content, PAGE, 2 * PAGE), Arrays.copyOfRange(bytes(v), PAGE, 2 * PAGE),
            "the removed page keeps its old data");
        assertFalse(arena.hasFlags(v.ref(1), PageFlags.IN_PAGE_CACHE));
        assertEquals(100, f.pages.size());
        assertEquals(SyscallResult.fail(Errno.EINVAL), call(f.actor, r -> new PageCacheProtocol.Truncate(-1, r)));
        stopAndCheck(f.actor, v);
    }

    @Test
    void shouldKeepReferencedPagesOnFadviseDontneed() {
        final Owned f = spawn(pattern(4 * PAGE, 4));
        final PageVector v = pipeReferences(f.pages, 1, 2);
        assertEquals(4, arena.framesInUse(), "4 cached pages, 2 of them also in the pipe");
        assertEquals(count(0), call(f.actor, PageCacheProtocol.FadviseDontneed::new));
        assertEquals(2, arena.framesInUse(), "only the pipe's pages stay");
        assertTrue(arena.hasFlags(v.ref(0), PageFlags.IN_PAGE_CACHE), "and they stay cached");
        assertEquals(2, arena.refCount(v.ref(0)));
        stopAndCheck(f.actor, v);
    }

    @Test
    void shouldSpliceSnapshotCopiesWithODirect() {
        final byte[] content = pattern(PAGE, 5);
        final Owned f = spawn(content);
        final FilePosition pos = new FilePosition();
        f.actor.tell(new PageCacheProtocol.SpliceReadDirect(pos, -1, PAGE, 16, filled.ref()));
        final PipeIo.Filled got = filled.receiveMessage();
        assertNull(got.error());
        final PageVector v = kernel.vectors().vector().receive(got.vector());
        assertEquals(PAGE, pos.get(), "the position moved by what was spliced");
        assertEquals(1, v.count());
        assertEquals(OpsKind.DEFAULT, v.ops(0));
        assertEquals(1, arena.refCount(v.ref(0)), "a private copy");
        assertFalse(arena.hasFlags(v.ref(0), PageFlags.IN_PAGE_CACHE));
        call(f.actor, r -> new PageCacheProtocol.Write(pos, 0, new byte[] {99}, false, r));
        assertArrayEquals(content, bytes(v), "a later pwrite does not reach the copy");
        stopAndCheck(f.actor, v);
    }

    @Test
    void shouldCopyPipePagesOnWritePages() {
        final Owned f = spawn(new byte[0]);
        final FilePosition pos = new FilePosition();
        final long page = arena.alloc();
        arena.write(page, 0, pattern(PAGE, 6), 0, PAGE);
        final long handle = kernel.vectors().vector().open().add(page, 10, 500, 0, OpsKind.ANON).send();
        final TestProbe<PipeIo.Drained> drained = testKit.createTestProbe();
        f.actor.tell(new PageCacheProtocol.WritePages(pos, -1, false, handle, 1, 500, drained.ref()));
        assertEquals(new PipeIo.Drained(500, null), drained.receiveMessage());
        assertFalse(arena.isLive(page), "pipe->file is a copy: the pipe's reference was put");
        assertEquals(500, pos.get());
        assertArrayEquals(Arrays.copyOfRange(pattern(PAGE, 6), 10, 510), lookupBytes(f.pages, 0, 500));
        assertEquals(count(0), call(f.actor, PageCacheProtocol.Fsync::new));
        stopAndCheck(f.actor);
    }

    // ------------------------------------------------------------------ helpers

    private record Owned(ActorRef<Command> actor, PageCache pages) {
    }

    private Owned spawn(final byte[] content) {
        final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), content);
        return new Owned(testKit.spawn(PageCacheActor.create(kernel, file)), file.pages());
    }

    private SyscallResult call(final ActorRef<Command> cache,
                               final Function<ActorRef<SyscallResult>, Command> request) {
        cache.tell(request.apply(results.ref()));
        return results.receiveMessage();
    }

    /** What a pipe holds after splicing pages {@code [first, first + n)}: one lookup reference each. */
    private PageVector pipeReferences(final PageCache pages, final long first, final int n) {
        final PageVector v = kernel.vectors().vector().open();
        for (long i = first; i < first + n; i++) {
            final long ref = pages.lookup(i, new LookupStats());
            assertTrue(ref != PageRef.NULL, "page " + i + " is cached");
            v.add(ref, 0, PAGE, 0, OpsKind.PAGE_CACHE);
        }
        return v;
    }

    /** Bytes {@code [pos, pos + len)} read as any thread may: lookup, copy, put. */
    private byte[] lookupBytes(final PageCache pages, final long pos, final int len) {
        final byte[] out = new byte[len];
        for (int done = 0; done < len; ) {
            final long at = pos + done;
            final int off = (int) (at % PAGE);
            final int n = Math.min(PAGE - off, len - done);
            final long ref = pages.lookup(at / PAGE, new LookupStats());
            assertTrue(ref != PageRef.NULL, "page " + at / PAGE + " is cached");
            arena.read(ref, off, out, done, n);
            arena.put(ref);
            done += n;
        }
        return out;
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
