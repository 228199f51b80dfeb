package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.actors.PageCacheFileTest.pattern;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.FilePosition;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpenFile;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageCacheProtocol;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.PipeIo;
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.SyscallResult;

/** The pipe actor's waits, its mutex across a conversation, and the lookups it does in its own thread. */
@ArenaCheck
class PipeActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    private static final int PAGE = PageArena.PAGE_SIZE;

    private Kernel kernel;
    private TestProbe<SyscallResult> first;
    private TestProbe<SyscallResult> second;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        first = testKit.createTestProbe();
        second = testKit.createTestProbe();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        kernel.arena().close();
    }

    private ActorRef<PipeProtocol.Command> pipe(final int slots) {
        return testKit.spawn(PipeActor.create(kernel, (int) kernel.nextId(), slots, 1, 1));
    }

    private void stop(final ActorRef<?>... refs) {
        for (final ActorRef<?> r : refs) {
            testKit.stop(r);
        }
        assertEquals(0, kernel.arena().framesInUse(), "every page released");
    }

    @Test
    void shouldParkABlockingReadUntilAWriteWakesIt() {
        final ActorRef<PipeProtocol.Command> p = pipe(16);
        p.tell(new PipeProtocol.Read(10, false, first.ref()));
        first.expectNoMessage(Duration.ofMillis(200));
        p.tell(new PipeProtocol.Write("hello".getBytes(), false, second.ref()));
        assertEquals(SyscallResult.count(5), second.receiveMessage());
        assertArrayEquals("hello".getBytes(), ((SyscallResult.Data) first.receiveMessage()).bytes());
        stop(p);
    }

    @Test
    void shouldRefuseANonBlockingWriteToAFullPipeAndWakeABlockedWriterOnRead() {
        final ActorRef<PipeProtocol.Command> p = pipe(1);
        p.tell(new PipeProtocol.Write(new byte[PAGE], false, first.ref()));
        assertEquals(SyscallResult.count(PAGE), first.receiveMessage());
        p.tell(new PipeProtocol.Write(new byte[10], true, first.ref()));
        assertEquals(SyscallResult.fail(Errno.EAGAIN), first.receiveMessage());
        p.tell(new PipeProtocol.Write(new byte[10], false, second.ref()));
        second.expectNoMessage(Duration.ofMillis(200));
        p.tell(new PipeProtocol.Read(PAGE, false, first.ref()));
        assertEquals(PAGE, ((SyscallResult.Data) first.receiveMessage()).bytes().length);
        assertEquals(SyscallResult.count(10), second.receiveMessage(), "the parked writer was woken");
        stop(p);
    }

    @Test
    void shouldHoldTheMutexWhileTheFileFillsAMissAndServeTheDeferredReadAfterIt() {
        final byte[] content = pattern(2 * PAGE, 7);
        final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), content);
        final ActorRef<PageCacheProtocol.Command> cache = testKit.spawn(PageCacheActor.create(kernel, file));
        cache.tell(new PageCacheProtocol.FadviseDontneed(first.ref()));
        assertEquals(SyscallResult.count(0), first.receiveMessage());
        assertEquals(0, file.cachedPages(), "evicted: the splice's lookups will miss");
        final OpenFile.RegularFile f = new OpenFile.RegularFile("f", cache, file.pages(), new FilePosition(),
            OpenFlags.RDONLY);
        final ActorRef<PipeProtocol.Command> p = pipe(16);
        p.tell(new PipeProtocol.SpliceIn(PipeIo.FileSource.of(f, -1), 2 * PAGE, 0, false, first.ref()));
        p.tell(new PipeProtocol.Read(3, false, second.ref()));   // arrives while the splice waits for the fill
        assertEquals(SyscallResult.count(2 * PAGE), first.receiveMessage());
        assertArrayEquals(Arrays.copyOf(content, 3), ((SyscallResult.Data) second.receiveMessage()).bytes(),
            "the read waited for the mutex, then saw the spliced pages");
        assertEquals(2 * PAGE, f.position().get(), "splice stored f_pos at the end");
        assertEquals(2, file.cachedPages(), "the owner filled both pages");
        assertTrue(kernel.stats().lookups.misses.sum() > 0, "the pipe's own lookups missed first");
        p.tell(new PipeProtocol.CloseEnd(true, first.ref()));
        assertEquals(SyscallResult.count(0), first.receiveMessage());
        stop(p, cache);
    }

    @Test
    void shouldFailParkedRequestsWithEioWhenRestarted() {
        final ActorRef<PipeProtocol.Command> p = pipe(16);
        p.tell(new PipeProtocol.Read(10, false, first.ref()));
        first.expectNoMessage(Duration.ofMillis(100));
        p.tell(PipeActor.Restart.INSTANCE);
        assertEquals(SyscallResult.fail(Errno.EIO), first.receiveMessage());
        p.tell(new PipeProtocol.Write("x".getBytes(), false, second.ref()));
        assertEquals(SyscallResult.count(1), second.receiveMessage(), "the same ActorRef works after the restart");
        stop(p);
    }

    @Test
    void shouldCopyAReadIntoTheLentUserPageAndPutTheRequestsReference() {
        final ActorRef<PipeProtocol.Command> p = pipe(16);
        final long user = kernel.arena().alloc();   // the process's own reference
        p.tell(new PipeProtocol.Write("hello".getBytes(), false, second.ref()));
        assertEquals(SyscallResult.count(5), second.receiveMessage());
        assertTrue(kernel.arena().get(user));        // the request's
        p.tell(new PipeProtocol.Read(10, false, user, first.ref()));
        assertEquals(SyscallResult.count(5), first.receiveMessage(), "a count, not bytes");
        assertEquals('o', kernel.arena().readByte(user, 4), "copied into the user page");
        assertEquals(1, kernel.arena().refCount(user), "the pipe put the request's reference");
        kernel.arena().put(user);
        stop(p);
    }

    @Test
    void shouldPutTheUserPageOfAReadStillParkedWhenThePipeStopsOrRestarts() {
        final ActorRef<PipeProtocol.Command> p = pipe(16);
        final long user = kernel.arena().alloc();
        assertTrue(kernel.arena().get(user));
        assertTrue(kernel.arena().get(user));
        p.tell(new PipeProtocol.Read(10, false, user, first.ref()));
        first.expectNoMessage(Duration.ofMillis(100));
        p.tell(PipeActor.Restart.INSTANCE);
        assertEquals(SyscallResult.fail(Errno.EIO), first.receiveMessage());
        p.tell(new PipeProtocol.Read(10, false, user, first.ref()));
        first.expectNoMessage(Duration.ofMillis(100));
        kernel.arena().put(user);                     // the process exits with a read parked
        assertEquals(1, kernel.arena().refCount(user), "the parked read's reference keeps the frame");
        stop(p);                                      // PostStop puts it: no frame left
    }
}
