package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
import org.splicelab.protocols.PipeProtocol;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SyscallResult;

/** A process runs its program call by call, reads files through the lock-free cache, and exits cleanly. */
@ArenaCheck
class ProcessActorTest {
    static final ActorTestKit testKit = ActorTestKit.create();
    private static final int PAGE = PageArena.PAGE_SIZE;

    private Kernel kernel;
    private TestProbe<ProcessActor.Finished> finished;

    @AfterAll
    static void shutdown() {
        testKit.shutdownTestKit();
    }

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
        finished = testKit.createTestProbe();
    }

    @AfterEach
    void tearDown() {
        assertEquals(0, kernel.vectors().inUse(), "every vector released");
        assertEquals(0, kernel.audit().total(), () -> "violations: " + kernel.audit().events());
        kernel.vectors().close();
        kernel.arena().close();
    }

    private static Program.Call call(final String register, final Syscall s) {
        return new Program.Call(s, register, 1, s.name());
    }

    @Test
    void shouldRunItsCallsInOrderAndReportTheRegisters() {
        final ActorRef<PipeProtocol.Command> pipe = testKit.spawn(PipeActor.create(kernel, 1, 16, 1, 1));
        final Map<Integer, OpenFile> fds = Map.of(3, new OpenFile.PipeEnd("p.r", pipe, 1, false, OpenFlags.RDONLY),
            4, new OpenFile.PipeEnd("p.w", pipe, 1, true, OpenFlags.WRONLY));
        final Program program = new Program("P0", fds, List.of(new Program.Region("m", PAGE, (byte) 'M')), List.of(
            call("r0", new Syscall.Write(4, "abc".getBytes())),
            call("r1", new Syscall.Read(3, 10)),
            call("r2", new Syscall.Read(99, 1)),
            call("r3", new Syscall.Vmsplice(4, 0, 0, PAGE, 0, true, false)),
            call("r4", new Syscall.Read(3, 2))));
        final ActorRef<ProcessActor.Msg> p = testKit.spawn(ProcessActor.create(kernel, program, finished.ref()));
        p.tell(ProcessActor.Start.INSTANCE);
        final ProcessActor.Finished f = finished.receiveMessage();
        assertTrue(f.completed(), () -> "failure: " + f.failure());
        assertEquals(SyscallResult.count(3), f.registers().get("r0"));
        assertArrayEquals("abc".getBytes(), ((SyscallResult.Data) f.registers().get("r1")).bytes());
        assertEquals(SyscallResult.fail(Errno.EBADF), f.registers().get("r2"));
        assertEquals(SyscallResult.count(PAGE), f.registers().get("r3"));
        assertArrayEquals("MM".getBytes(), ((SyscallResult.Data) f.registers().get("r4")).bytes(),
            "the pipe still references the page after the process unmapped it");
        testKit.stop(pipe);
        assertEquals(0, kernel.arena().framesInUse(), "the mapping and the pipe let go");
    }

    @Test
    void shouldReadAnEvictedFileByAskingItsOwnerToFillAndAdvanceThePosition() {
        final byte[] content = PageCacheFileTest.pattern(3 * PAGE, 5);
        final PageCacheFile file = new PageCacheFile(kernel, kernel.nextId(), content);
        final ActorRef<PageCacheProtocol.Command> cache = testKit.spawn(PageCacheActor.create(kernel, file));
        final TestProbe<SyscallResult> probe = testKit.createTestProbe();
        cache.tell(new PageCacheProtocol.FadviseDontneed(probe.ref()));
        probe.receiveMessage();
        final FilePosition pos = new FilePosition();
        final Map<Integer, OpenFile> fds = Map.of(3, new OpenFile.RegularFile("f", cache, file.pages(), pos,
            OpenFlags.RDONLY));
        final Program program = new Program("P0", fds, List.of(), List.of(
            call("r0", new Syscall.Read(3, 5000)),
            call("r1", new Syscall.Pread(3, 100, 10)),
            call("r2", new Syscall.Size(3))));
        testKit.spawn(ProcessActor.create(kernel, program, finished.ref())).tell(ProcessActor.Start.INSTANCE);
        final ProcessActor.Finished f = finished.receiveMessage();
        assertArrayEquals(Arrays.copyOf(content, 5000), ((SyscallResult.Data) f.registers().get("r0")).bytes());
        assertArrayEquals(Arrays.copyOfRange(content, 100, 110), ((SyscallResult.Data) f.registers().get("r1")).bytes());
        assertEquals(SyscallResult.count(3 * PAGE), f.registers().get("r2"));
        assertEquals(5000, pos.get(), "read(2) moved f_pos; pread did not");
        assertTrue(file.refills() >= 2, "the owner read the missed pages back");
        testKit.stop(cache);
        assertEquals(0, kernel.arena().framesInUse());
    }
}
