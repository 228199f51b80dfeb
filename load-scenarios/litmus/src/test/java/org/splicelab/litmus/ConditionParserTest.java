package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.splicelab.litmus.LitmusSources.condition;
import static org.splicelab.litmus.LitmusSources.expr;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;

/** Every condition form, with r0 (a count) and r1 (bytes) assigned by the process of {@link LitmusSources}. */
class ConditionParserTest {
    private static final Term R0 = new Term.Register("r0");
    private static final Term R1 = new Term.Register("r1");

    private static Term lit(final long v) {
        return new Term.Literal(Value.of(v));
    }

    private static Term lit(final String s) {
        return new Term.Literal(Value.of(s));
    }

    private static Term lit(final Errno e) {
        return new Term.Literal(Value.of(e));
    }

    private static Expr cmp(final Term l, final CompareOp op, final Term r) {
        return new Expr.Compare(l, op, r);
    }

    static Stream<Arguments> comparisons() {
        return Stream.of(
            Arguments.of("r0 == 4096", cmp(R0, CompareOp.EQ, lit(4096))),
            Arguments.of("r0 != 0x1000", cmp(R0, CompareOp.NE, lit(4096))),
            Arguments.of("r0 < 1", cmp(R0, CompareOp.LT, lit(1))),
            Arguments.of("r0 <= 1", cmp(R0, CompareOp.LE, lit(1))),
            Arguments.of("r0 > 1", cmp(R0, CompareOp.GT, lit(1))),
            Arguments.of("r0 >= 1", cmp(R0, CompareOp.GE, lit(1))),
            Arguments.of("r0 == EAGAIN", cmp(R0, CompareOp.EQ, lit(Errno.EAGAIN))),
            Arguments.of("r0 != ESPIPE", cmp(R0, CompareOp.NE, lit(Errno.ESPIPE))),
            Arguments.of("r1 == \"B\"", cmp(R1, CompareOp.EQ, lit("B"))),
            Arguments.of("r1 == \"\"", cmp(R1, CompareOp.EQ, lit(""))),
            Arguments.of("r1 == 'A'*50 + \"XXXX\"", cmp(R1, CompareOp.EQ,
                new Term.Literal(Value.of(Bytes.repeat((byte) 'A', 50).concat(Bytes.of("XXXX")))))),
            Arguments.of("r1 < \"C\"", cmp(R1, CompareOp.LT, lit("C"))),
            Arguments.of("len(r1) == 1", cmp(new Term.Length("r1"), CompareOp.EQ, lit(1))),
            Arguments.of("len( r1 ) >= 0", cmp(new Term.Length("r1"), CompareOp.GE, lit(0))),
            Arguments.of("r1[0] == 'B'", cmp(new Term.ByteAt("r1", 0), CompareOp.EQ, lit("B"))),
            Arguments.of("r1[3] != '\\x00'", cmp(new Term.ByteAt("r1", 3), CompareOp.NE,
                new Term.Literal(Value.of(Bytes.of((byte) 0))))),
            Arguments.of("r1[0..4] == \"AAAA\"", cmp(new Term.Slice("r1", 0, 4), CompareOp.EQ, lit("AAAA"))),
            Arguments.of("r1[2..2] == \"\"", cmp(new Term.Slice("r1", 2, 2), CompareOp.EQ, lit(""))),
            Arguments.of("4096 == r0", cmp(lit(4096), CompareOp.EQ, R0)),
            Arguments.of("EBADF != r0", cmp(lit(Errno.EBADF), CompareOp.NE, R0)),
            Arguments.of("r0 == r1", cmp(R0, CompareOp.EQ, R1)),
            Arguments.of("len(r1) < r0", cmp(new Term.Length("r1"), CompareOp.LT, R0)));
    }

    @ParameterizedTest(name = "expect {0}")
    @MethodSource("comparisons")
    void shouldParseComparison(final String text, final Expr expected) {
        final Condition c = condition("expect " + text);
        assertEquals(expected, c.expr());
        assertEquals("expect " + text, c.text());
        assertEquals(13, c.line());
    }

    @Test
    void shouldParseTheThreeKinds() {
        assertEquals(Condition.Kind.EXPECT, condition("expect r0 == 1").kind());
        assertEquals(Condition.Kind.EXISTS, condition("exists r0 == 1").kind());
        assertEquals(Condition.Kind.FORBID, condition("forbid r0 == 1").kind());
        assertEquals("Always", Condition.Kind.EXPECT.quantifier());
        assertEquals("Sometimes", Condition.Kind.EXISTS.quantifier());
        assertEquals("Never", Condition.Kind.FORBID.quantifier());
    }

    @Test
    void shouldParseAModelList() {
        assertEquals(List.of(), condition("expect r0 == 1").models());
        assertEquals(List.of(KernelModel.LINUX), condition("[linux] expect r0 == 1").models());
        assertEquals(List.of(KernelModel.ITER_PIPE_SEEKABLE, KernelModel.DIRTY_PIPE, KernelModel.ITER_PIPE),
            condition("[ iter-pipe-seekable , dirty-pipe,iter-pipe ] forbid r0 == 1").models());
    }

    @Test
    void shouldKeepTheSourceTextFromTheKeywordWithoutTheModelsOrComment() {
        final Condition c = condition("[linux]   exists  r1 ==   \"B\"  &&  r0 == 1   # a comment");
        assertEquals("exists  r1 ==   \"B\"  &&  r0 == 1", c.text());
    }

    @Test
    void shouldParseDeadlockAndViolations() {
        assertEquals(new Expr.Deadlock(), expr("forbid deadlock"));
        assertEquals(new Expr.Not(new Expr.Deadlock()), expr("expect !deadlock"));
        for (final Violation v : Violation.values()) {
            assertEquals(new Expr.Violated(v), expr("forbid violation(" + v.id() + ")"));
        }
        assertEquals(new Expr.Violated(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE),
            expr("forbid violation( page-cache-written-through-pipe )"));
    }

    @Test
    void shouldBindNotTighterThanAndTighterThanOr() {
        final Expr a = cmp(R0, CompareOp.EQ, lit(1));
        final Expr b = cmp(R0, CompareOp.EQ, lit(2));
        final Expr c = cmp(R0, CompareOp.EQ, lit(3));
        assertEquals(new Expr.Or(a, new Expr.And(b, c)), expr("expect r0 == 1 || r0 == 2 && r0 == 3"));
        assertEquals(new Expr.Or(new Expr.And(a, b), c), expr("expect r0 == 1 && r0 == 2 || r0 == 3"));
        assertEquals(new Expr.And(new Expr.Not(a), b), expr("expect !r0 == 1 && r0 == 2"));
        assertEquals(new Expr.Not(new Expr.And(a, b)), expr("expect !(r0 == 1 && r0 == 2)"));
        assertEquals(new Expr.And(new Expr.Or(a, b), c), expr("expect (r0 == 1 || r0 == 2) && r0 == 3"));
        assertEquals(new Expr.Not(new Expr.Not(a)), expr("expect !!r0 == 1"));
    }

    @Test
    void shouldAssociateToTheLeft() {
        final Expr a = cmp(R0, CompareOp.EQ, lit(1));
        final Expr b = cmp(R0, CompareOp.EQ, lit(2));
        final Expr c = cmp(R0, CompareOp.EQ, lit(3));
        assertEquals(new Expr.And(new Expr.And(a, b), c), expr("expect r0 == 1 && r0 == 2 && r0 == 3"));
        assertEquals(new Expr.Or(new Expr.Or(a, b), c), expr("expect r0 == 1 || r0 == 2 || r0 == 3"));
    }

    @Test
    void shouldMixAtomsAndComparisons() {
        assertEquals(new Expr.Or(new Expr.Deadlock(), new Expr.And(
                new Expr.Violated(Violation.PAGE_LEAK), cmp(R1, CompareOp.EQ, lit("A")))),
            expr("exists deadlock || (violation(page-leak) && r1 == \"A\")"));
    }

    @Test
    void shouldParseEveryErrnoName() {
        for (final Errno e : Errno.values()) {
            assertEquals(cmp(R0, CompareOp.EQ, lit(e)), expr("expect r0 == " + e.name()));
        }
    }
}
