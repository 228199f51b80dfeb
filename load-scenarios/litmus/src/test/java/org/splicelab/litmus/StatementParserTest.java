package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.litmus.LitmusSources.STATEMENT_LINE;
import static org.splicelab.litmus.LitmusSources.call;
import static org.splicelab.litmus.LitmusSources.op;
import static org.splicelab.litmus.LitmusSources.parse;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.splicelab.litmus.FdRef.End;
import org.splicelab.protocols.SpliceFlag;

/** Every statement form of LITMUS.md, with the preamble of {@link LitmusSources} (f, d, p, q, s, m, n). */
class StatementParserTest {
    private static final FdRef F = FdRef.of("f");
    private static final FdRef D = FdRef.of("d");
    private static final FdRef PR = FdRef.of("p", End.READ);
    private static final FdRef PW = FdRef.of("p", End.WRITE);
    private static final FdRef QR = FdRef.of("q", End.READ);
    private static final FdRef QW = FdRef.of("q", End.WRITE);
    private static final FdRef S0 = FdRef.of("s", End.FIRST);
    private static final FdRef S1 = FdRef.of("s", End.SECOND);
    private static final OptionalLong NONE = OptionalLong.empty();
    private static final int MOVE = SpliceFlag.MOVE.bit();
    private static final int NONBLOCK = SpliceFlag.NONBLOCK.bit();
    private static final int MORE = SpliceFlag.MORE.bit();
    private static final int GIFT = SpliceFlag.GIFT.bit();

    static Stream<Arguments> statements() {
        return Stream.of(
            Arguments.of("splice f@0 -> p 4096", new Op.Splice(F, OptionalLong.of(0), PW, NONE, 4096, 0)),
            Arguments.of("splice f -> p.w 1", new Op.Splice(F, NONE, PW, NONE, 1, 0)),
            Arguments.of("splice p -> f@100 10 move nonblock", new Op.Splice(PR, NONE, F, OptionalLong.of(100), 10, MOVE | NONBLOCK)),
            Arguments.of("splice p.r@5 -> s.1 10 more flags=0x10", new Op.Splice(PR, OptionalLong.of(5), S1, NONE, 10, MORE | 0x10)),
            Arguments.of("splice s.0 -> q 0x1000 gift", new Op.Splice(S0, NONE, QW, NONE, 4096, GIFT)),
            Arguments.of("splice fd:7 -> fd:8@3 1 flags=0", new Op.Splice(new FdRef.Raw(7), NONE, new FdRef.Raw(8), OptionalLong.of(3), 1, 0)),
            Arguments.of("splice d -> p 1 flags=4294967295", new Op.Splice(D, NONE, PW, NONE, 1, -1)),
            Arguments.of("vmsplice m@4096 -> p 4096 gift", new Op.VmspliceToPipe(Optional.of(new MemRef("m", 4096)), PW, 4096, GIFT)),
            Arguments.of("vmsplice m -> q.w 10", new Op.VmspliceToPipe(Optional.of(new MemRef("m", 0)), QW, 10, 0)),
            Arguments.of("vmsplice m -> fd:5 1", new Op.VmspliceToPipe(Optional.of(new MemRef("m", 0)), new FdRef.Raw(5), 1, 0)),
            Arguments.of("vmsplice [] -> p 0", new Op.VmspliceToPipe(Optional.empty(), PW, 0, 0)),
            Arguments.of("vmsplice [ ] -> p 0 nonblock", new Op.VmspliceToPipe(Optional.empty(), PW, 0, NONBLOCK)),
            Arguments.of("vmsplice p -> m@8 100 nonblock", new Op.VmspliceFromPipe(PR, new MemRef("m", 8), 100, NONBLOCK)),
            Arguments.of("vmsplice fd:9 -> n 1", new Op.VmspliceFromPipe(new FdRef.Raw(9), new MemRef("n", 0), 1, 0)),
            Arguments.of("tee p -> q 100 nonblock", new Op.Tee(PR, QW, 100, NONBLOCK)),
            Arguments.of("tee p.w -> q.r 1", new Op.Tee(PW, QR, 1, 0)),
            Arguments.of("sendfile f@10 -> s.0 100", new Op.Sendfile(F, OptionalLong.of(10), S0, 100)),
            Arguments.of("sendfile f -> p 5", new Op.Sendfile(F, NONE, PW, 5)),
            Arguments.of("read p 1", new Op.Read(PR, 1)),
            Arguments.of("read d 0x10", new Op.Read(D, 16)),
            Arguments.of("read s.1 3", new Op.Read(S1, 3)),
            Arguments.of("read fd:0 1", new Op.Read(new FdRef.Raw(0), 1)),
            Arguments.of("pread f@4095 1", new Op.Pread(F, 4095, 1)),
            Arguments.of("pread p@0 1", new Op.Pread(PR, 0, 1)),
            Arguments.of("write p \"hi\\n\"", new Op.Write(PW, Bytes.of("hi\n"))),
            Arguments.of("write s.0 'A'*3 + \"B\" + 'C'", new Op.Write(S0, Bytes.of("AAABC"))),
            Arguments.of("write f \"\"", new Op.Write(F, Bytes.EMPTY)),
            Arguments.of("pwrite f@0 'B'*4096", new Op.Pwrite(F, 0, Bytes.repeat((byte) 'B', 4096))),
            Arguments.of("pwrite d@0x10 \"\\x00\\xff\"", new Op.Pwrite(D, 16, Bytes.of((byte) 0, (byte) -1))),
            Arguments.of("truncate f 0", new Op.Truncate(F, 0)),
            Arguments.of("fsync d", new Op.Fsync(D)),
            Arguments.of("fadvise f dontneed", new Op.Fadvise(F, Op.Fadvise.Advice.DONTNEED)),
            Arguments.of("size f", new Op.Size(F)),
            Arguments.of("setpipe p 65536", new Op.SetPipe(PR, 65536)),
            Arguments.of("setpipe q.w 0x2000", new Op.SetPipe(QW, 8192)),
            Arguments.of("getpipe p", new Op.GetPipe(PR)),
            Arguments.of("getpipe fd:3", new Op.GetPipe(new FdRef.Raw(3))),
            Arguments.of("fionread p", new Op.Fionread(PR)),
            Arguments.of("close p.w", new Op.Close(PW)),
            Arguments.of("close s.1", new Op.Close(S1)),
            Arguments.of("close fd:3", new Op.Close(new FdRef.Raw(3))),
            Arguments.of("close d", new Op.Close(D)),
            Arguments.of("store m@10 \"xy\"", new Op.Store(new MemRef("m", 10), Bytes.of("xy"))),
            Arguments.of("store n 'Z'*4096", new Op.Store(new MemRef("n", 0), Bytes.repeat((byte) 'Z', 4096))),
            Arguments.of("load m@10 2", new Op.Load(new MemRef("m", 10), 2)),
            Arguments.of("load n@4096 0", new Op.Load(new MemRef("n", 4096), 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void shouldParseStatement(final String statement, final Op expected) {
        final Statement.Call c = call(statement);
        assertEquals(expected, c.op());
        assertEquals(Optional.empty(), c.register());
        assertEquals(STATEMENT_LINE, c.line());
        assertEquals(statement.split(" ")[0], c.op().keyword());
    }

    @ParameterizedTest(name = "r0 = {0}")
    @MethodSource("statements")
    void shouldAssignEveryStatementWithAResultToARegister(final String statement, final Op expected) {
        if (!expected.hasResult()) {
            assertEquals("store", expected.keyword());
            return;
        }
        final Statement.Call c = call("r0 = " + statement);
        assertEquals(new Statement.Call(Optional.of("r0"), expected, STATEMENT_LINE), c);
    }

    @Test
    void shouldResolveABarePipeByTheDirectionOfTheData() {
        assertEquals(PR, ((Op.Splice) op("splice p -> q 1")).in());
        assertEquals(QW, ((Op.Splice) op("splice p -> q 1")).out());
        assertEquals(PR, ((Op.Tee) op("tee p -> q 1")).in());
        assertEquals(QW, ((Op.Tee) op("tee p -> q 1")).out());
        assertEquals(PW, ((Op.Write) op("write p \"x\"")).fd());
        assertEquals(PR, ((Op.Read) op("read p 1")).fd());
        assertEquals(PW, ((Op.VmspliceToPipe) op("vmsplice m -> p 1")).pipe());
        assertEquals(PR, ((Op.VmspliceFromPipe) op("vmsplice p -> m 1")).pipe());
        assertEquals(PW, ((Op.Sendfile) op("sendfile f -> p 1")).out());
    }

    @Test
    void shouldKeepAnOffsetOnAPipeForTheKernelToRefuse() {
        final Op.Splice s = (Op.Splice) op("splice p@0 -> q@7 1");
        assertEquals(OptionalLong.of(0), s.inOffset());
        assertEquals(OptionalLong.of(7), s.outOffset());
    }

    @Test
    void shouldReportTheMemoryACallTouches() {
        assertEquals(Optional.of(new MemRef("m", 4)), op("store m@4 \"x\"").memory());
        assertEquals(Optional.of(new MemRef("m", 0)), op("vmsplice p -> m 1").memory());
        assertEquals(Optional.empty(), op("vmsplice [] -> p 0").memory());
        assertEquals(Optional.empty(), op("read p 1").memory());
        assertFalse(op("store m \"x\"").hasResult());
        assertTrue(op("load m 1").hasResult());
    }

    @Test
    void shouldParseNestedRepeatBlocks() {
        final LitmusTest t = parse(LitmusSources.PREAMBLE + """
            process P0 {
              repeat 3 {
                r0 = write p "x"
                repeat 0x2 {

                  r1 = read p 1
                }
              }
              close p.w
            }
            """);
        assertEquals(List.of(
            new Statement.Repeat(3, List.of(
                new Statement.Call(Optional.of("r0"), new Op.Write(PW, Bytes.of("x")), 11),
                new Statement.Repeat(2, List.of(
                    new Statement.Call(Optional.of("r1"), new Op.Read(PR, 1), 14)), 12)), 10),
            new Statement.Call(Optional.empty(), new Op.Close(PW), 17)), t.processes().get(0).body());
        assertEquals(List.of("r0", "r1"), t.registers());
    }

    @Test
    void shouldAllowAnEmptyRepeatBody() {
        final LitmusTest t = parse(LitmusSources.PREAMBLE + "process P0 {\n  repeat 5 {\n  }\n}\n");
        assertEquals(List.of(new Statement.Repeat(5, List.of(), 10)), t.processes().get(0).body());
    }

    @Test
    void shouldAllowReassigningARegisterInTheSameProcess() {
        final LitmusTest t = parse(LitmusSources.PREAMBLE + "process P0 {\n  r0 = read p 1\n  r0 = read p 2\n}\n");
        assertEquals(2, t.processes().get(0).body().size());
        assertEquals(List.of("r0"), t.registers());
    }

    @Test
    void shouldAcceptOpNamesAsRegisterNames() {
        final Statement.Call c = call("read = read p 1");
        assertEquals(Optional.of("read"), c.register());
        assertEquals(new Op.Read(PR, 1), c.op());
        assertEquals(Optional.of("repeat"), call("repeat = size f").register());
    }

    @Test
    void shouldTolerateSpacesInsideOperands() {
        assertEquals(new Op.Splice(PR, OptionalLong.of(3), S1, NONE, 1, 0), op("splice p . r @ 3 -> s . 1 1"));
    }
}
