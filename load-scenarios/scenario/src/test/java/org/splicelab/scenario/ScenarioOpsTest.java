package org.splicelab.scenario;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.Syscall;

/** Scenario operations parse once into the protocols' typed system calls. */
class ScenarioOpsTest {
    private static List<Scenario.Op> ops(final String loop) {
        final Scenario s = ScenarioParser.parse("t.conf", String.join("\n",
            "name = t",
            "duration = 1s",
            "files { f { size = 64KiB } }",
            "roles { r {",
            "  pipes { p { size = 64KiB } }",
            "  memory { m { size = 8KiB } }",
            "  loop = [ " + loop + " ]",
            "} }",
            ""));
        return s.roles().get(0).loop().stream().flatMap(List::stream).toList();
    }

    @Test
    void shouldParseEachOperationIntoItsSyscallWithTheRoleFdNumbers() {
        final List<Scenario.Op> ops = ops("{ op = splice, in = f, out = p.w, len = 4KiB, offset = 8KiB, flags = [move] }, "
            + "{ op = vmsplice, mem = m, out = p.w, len = 4KiB, flags = [gift] }, { op = truncate, fd = f, len = 0 }, "
            + "{ op = pwrite, fd = f, offset = 4KiB, len = 3, fill = z }, { op = store, mem = m, offset = 4KiB, len = 2 }");
        assertEquals(new Syscall.Splice(3, 8192, 4, Syscall.NO_OFFSET, 4096, SpliceFlag.MOVE.bit()), ops.get(0).call());
        assertEquals(new Syscall.Vmsplice(4, 0, 0, 4096, SpliceFlag.GIFT.bit(), true, false), ops.get(1).call());
        assertEquals(new Syscall.Truncate(3, 0), ops.get(2).call());
        assertEquals("truncate", ops.get(2).op(), "the scenario's word, not strace's ftruncate");
        final Syscall.Pwrite w = (Syscall.Pwrite) ops.get(3).call();
        assertEquals(4096, w.offset());
        assertArrayEquals(new byte[] {'z', 'z', 'z'}, w.data());
        final Syscall.Store st = (Syscall.Store) ops.get(4).call();
        assertEquals(4096, st.offset());
        assertEquals(2, ops.get(4).len());
        assertEquals(List.of("splice", "vmsplice", "truncate", "pwrite", "store"),
            ops.stream().map(Scenario.Op::op).toList());
    }

    @Test
    void shouldDrawAPageAlignedOffsetForTheFileSideOnlyEachCall() {
        final Scenario.Op op = ops("{ op = splice, in = f, out = p.w, len = 16KiB, offset = random }").get(0);
        assertEquals(13, op.offsets(), "(64 KiB - 16 KiB) / 4 KiB + 1 offsets");
        final SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            final Syscall.Splice s = (Syscall.Splice) op.make(r);
            assertEquals(0, s.offIn() % 4096);
            assertTrue(s.offIn() >= 0 && s.offIn() <= 48 * 1024, () -> "offIn " + s.offIn());
            assertEquals(Syscall.NO_OFFSET, s.offOut(), "the pipe side has no offset");
        }
    }

    @Test
    void shouldMakeTheSameCallEachTimeWithoutARandomOffset() {
        final Scenario.Op op = ops("{ op = sendfile, in = f, out = p.w, len = 4KiB }").get(0);
        assertSame(op.call(), op.make(new SplittableRandom(1)));
        assertEquals(new Syscall.Sendfile(4, 3, Syscall.NO_OFFSET, 4096), op.call());
    }

    @Test
    void shouldMoveOnlyTheOffsetsACallHas() {
        assertEquals(new Syscall.Pread(3, 8192, 10), ScenarioOps.at(new Syscall.Pread(3, 0, 10), 8192));
        final Syscall.Read read = new Syscall.Read(3, 10);
        assertSame(read, ScenarioOps.at(read, 8192));
        assertEquals(10, ScenarioOps.len(read));
    }
}
