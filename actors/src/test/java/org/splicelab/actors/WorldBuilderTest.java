package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.testing.ArenaCheck;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;
import org.splicelab.protocols.SocketKind;
import org.splicelab.protocols.SyscallResult;

/** One builder for every world: holders follow the process tables, descriptions own their position, flags apply. */
@ArenaCheck
class WorldBuilderTest {
    private static final Simulator simulator = new Simulator();
    private Kernel kernel;

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void setUp() {
        kernel = new Kernel(new PageArena(256, new PageAudit()), new PageVectorPool(64, 64), KernelModel.LINUX);
    }

    @AfterEach
    void tearDown() {
        kernel.vectors().close();
        kernel.arena().close();
    }

    private static Program.Call call(final String register, final Syscall s) {
        return new Program.Call(s, register, 0, "");
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static final List<WorldSpec.DescriptorSpec> PIPE_ENDS = List.of(
        new WorldSpec.DescriptorSpec("p.r", WorldSpec.Kind.PIPE_READ, "p", null),
        new WorldSpec.DescriptorSpec("p.w", WorldSpec.Kind.PIPE_WRITE, "p", null));

    /** The writer, then a reader that reads twice; {@code readerHoldsWriteEnd}: the reader's table has p.w too. */
    private static WorldSpec writerAndReader(final boolean readerHoldsWriteEnd) {
        final Map<Integer, String> reader = readerHoldsWriteEnd ? Map.of(3, "p.r", 4, "p.w") : Map.of(3, "p.r");
        return new WorldSpec(List.of(), List.of(new WorldSpec.PipeSpec("p", 16, false)), List.of(), PIPE_ENDS, List.of(
            new WorldSpec.ProcessSpec("P0", Map.of(3, "p.w"), List.of(), List.of(call("r0", new Syscall.Write(3,
                bytes("ab"))))),
            new WorldSpec.ProcessSpec("P1", reader, List.of(), List.of(call("r1", new Syscall.Read(3, 2)),
                call("r2", new Syscall.Read(3, 2))))));
    }

    @Test
    void shouldCountAsHoldersTheTablesThatNameADescription() {
        final Map<String, Integer> holders = writerAndReader(true).holders();
        assertEquals(Map.of("p.r", 1, "p.w", 2), holders);
        assertEquals(Map.of("p.r", 1, "p.w", 1), writerAndReader(false).holders());
    }

    @Test
    void shouldReportEndOfFileOnceTheOnlyWriteEndHolderExited() {
        final ExecutionResult r = simulator.run(kernel, writerAndReader(false), Duration.ofSeconds(10));
        assertFalse(r.deadlock(), "the reader's table does not hold the write end");
        assertEquals(SyscallResult.data(bytes("ab")), r.registers().get("r1"));
        assertEquals(SyscallResult.data(new byte[0]), r.registers().get("r2"), "EOF: no holder of p.w is left");
    }

    @Test
    void shouldKeepAReaderThatHoldsTheWriteEndItselfWaiting() {
        final ExecutionResult r = simulator.run(kernel, writerAndReader(true), Duration.ofSeconds(10));
        assertTrue(r.deadlock(), "the reader still holds p.w, so its second read waits for a writer");
    }

    @Test
    void shouldGiveEachDescriptionOfAFileItsOwnPosition() {
        final WorldSpec spec = new WorldSpec(List.of(new WorldSpec.FileSpec("f", bytes("abcd"))), List.of(), List.of(),
            List.of(new WorldSpec.DescriptorSpec("P0/f", WorldSpec.Kind.FILE, "f", OpenFlags.RDWR, "f"),
                new WorldSpec.DescriptorSpec("P1/f", WorldSpec.Kind.FILE, "f", OpenFlags.RDWR, "f")),
            List.of(new WorldSpec.ProcessSpec("P0", Map.of(3, "P0/f"), List.of(), List.of(
                    call("a0", new Syscall.Read(3, 2)), call("a1", new Syscall.Read(3, 2)))),
                new WorldSpec.ProcessSpec("P1", Map.of(3, "P1/f"), List.of(), List.of(
                    call("b0", new Syscall.Read(3, 2))))));
        final ExecutionResult r = simulator.run(kernel, spec, Duration.ofSeconds(10));
        assertEquals(SyscallResult.data(bytes("ab")), r.registers().get("a0"));
        assertEquals(SyscallResult.data(bytes("cd")), r.registers().get("a1"));
        assertEquals(SyscallResult.data(bytes("ab")), r.registers().get("b0"), "P1's own description starts at 0");
    }

    @Test
    void shouldOpenTheNullDeviceAndNonblockingSocketEnds() {
        final WorldSpec spec = new WorldSpec(List.of(), List.of(), List.of(new WorldSpec.SocketPairSpec("s", SocketKind.UNIX,
            true, "sock-s")), List.of(new WorldSpec.DescriptorSpec("s.0", WorldSpec.Kind.SOCKET_0, "s", null),
            new WorldSpec.DescriptorSpec("s.1", WorldSpec.Kind.SOCKET_1, "s", null),
            new WorldSpec.DescriptorSpec("null", WorldSpec.Kind.NULL_DEVICE, "null", OpenFlags.RDWR, "devnull")),
            List.of(new WorldSpec.ProcessSpec("P0", Map.of(3, "s.1", 4, "null", 5, "s.0"), List.of(), List.of(
                call("r0", new Syscall.Read(3, 1)), call("r1", new Syscall.Write(4, bytes("xy")))))));
        final ExecutionResult r = simulator.run(kernel, spec, Duration.ofSeconds(10));
        assertEquals(SyscallResult.fail(Errno.EAGAIN), r.registers().get("r0"), "an empty nonblocking socket whose peer is open");
        assertEquals(SyscallResult.count(2), r.registers().get("r1"), "/dev/null takes every byte");
    }
}
