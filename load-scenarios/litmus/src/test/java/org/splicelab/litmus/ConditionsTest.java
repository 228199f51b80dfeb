package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.Errno;

/** Truth tables of {@link Conditions}: kinds, unset registers, terms, connectives, atoms. */
class ConditionsTest {
    private static final Optional<Value> UNSET = Optional.empty();

    private static Optional<Value> v(final Value value) {
        return Optional.of(value);
    }

    private static boolean cmp(final Optional<Value> l, final String op, final Optional<Value> r) {
        return Conditions.compare(l, opOf(op), r);
    }

    private static CompareOp opOf(final String symbol) {
        return Stream.of(CompareOp.values()).filter(o -> o.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @ParameterizedTest(name = "{0} {1} {2} is {3}")
    @CsvSource({
        "4096, ==, 4096, true", "4096, ==, 4095, false",
        "4096, !=, 4096, false", "4096, !=, 4095, true",
        "4095, <, 4096, true", "4096, <, 4096, false", "4097, <, 4096, false",
        "4095, <=, 4096, true", "4096, <=, 4096, true", "4097, <=, 4096, false",
        "4095, >, 4096, false", "4096, >, 4096, false", "4097, >, 4096, true",
        "4095, >=, 4096, false", "4096, >=, 4096, true", "4097, >=, 4096, true",
        "0, <, 1, true", "-1, <, 0, true"})
    void shouldCompareIntegers(final long l, final String op, final long r, final boolean expected) {
        assertEquals(expected, cmp(v(Value.of(l)), op, v(Value.of(r))));
    }

    @ParameterizedTest(name = "\"{0}\" {1} \"{2}\" is {3}")
    @CsvSource({
        "B, ==, B, true", "B, ==, A, false", "B, !=, A, true", "B, !=, B, false",
        "A, <, B, true", "B, <, A, false", "A, <, AB, true", "AB, >, A, true",
        "A, <=, A, true", "A, >=, A, true", "B, >=, AB, true", "'', <, A, true", "'', ==, '', true"})
    void shouldCompareDataLexicographically(final String l, final String op, final String r, final boolean expected) {
        assertEquals(expected, cmp(v(Value.of(l)), op, v(Value.of(r))));
    }

    @Test
    void shouldCompareDataAsUnsignedBytes() {
        final Optional<Value> high = v(Value.of(Bytes.of((byte) 0xFF)));
        final Optional<Value> low = v(Value.of(Bytes.of((byte) 0x01)));
        assertTrue(cmp(high, ">", low));
        assertFalse(cmp(high, "<", low));
    }

    @ParameterizedTest(name = "EAGAIN {0} EAGAIN/EPIPE")
    @CsvSource({"==, true, false", "!=, false, true", "<, false, false", "<=, false, false", ">, false, false",
        ">=, false, false"})
    void shouldCompareErrnosOnlyForEquality(final String op, final boolean same, final boolean different) {
        final Optional<Value> eagain = v(Value.of(Errno.EAGAIN));
        assertEquals(same, cmp(eagain, op, v(Value.of(Errno.EAGAIN))));
        assertEquals(different, cmp(eagain, op, v(Value.of(Errno.EPIPE))));
    }

    static Stream<Arguments> mixedKinds() {
        final Value i = Value.of(11);
        final Value e = Value.of(Errno.EAGAIN);
        final Value d = Value.of("11");
        return Stream.of(Arguments.of(i, e), Arguments.of(e, i), Arguments.of(i, d), Arguments.of(d, i),
            Arguments.of(e, d), Arguments.of(d, e));
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("mixedKinds")
    void shouldTreatDifferentKindsAsUnequalAndUnordered(final Value l, final Value r) {
        assertFalse(cmp(v(l), "==", v(r)));
        assertTrue(cmp(v(l), "!=", v(r)));
        for (final String op : List.of("<", "<=", ">", ">=")) {
            assertFalse(cmp(v(l), op, v(r)), op);
        }
    }

    @ParameterizedTest(name = "unset {0}")
    @CsvSource({"==", "!=", "<", "<=", ">", ">="})
    void shouldMakeEveryComparisonWithAnUnsetTermFalse(final String op) {
        assertFalse(cmp(UNSET, op, v(Value.of(1))));
        assertFalse(cmp(v(Value.of(1)), op, UNSET));
        assertFalse(cmp(UNSET, op, UNSET));
    }

    @Test
    void shouldEvaluateTermsAgainstAState() {
        final FinalState s = FinalState.of(Map.of("c", Value.of(7), "d", Value.of("hello"), "e", Value.of(Errno.EPIPE)));
        assertEquals(v(Value.of(7)), Conditions.evaluate(new Term.Register("c"), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Register("zz"), s));
        assertEquals(v(Value.of(5)), Conditions.evaluate(new Term.Length("d"), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Length("c"), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Length("e"), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Length("zz"), s));
        assertEquals(v(Value.of("h")), Conditions.evaluate(new Term.ByteAt("d", 0), s));
        assertEquals(v(Value.of("o")), Conditions.evaluate(new Term.ByteAt("d", 4), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.ByteAt("d", 5), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.ByteAt("c", 0), s));
        assertEquals(v(Value.of("ell")), Conditions.evaluate(new Term.Slice("d", 1, 4), s));
        assertEquals(v(Value.of("")), Conditions.evaluate(new Term.Slice("d", 5, 5), s));
        assertEquals(v(Value.of("hello")), Conditions.evaluate(new Term.Slice("d", 0, 5), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Slice("d", 0, 6), s));
        assertEquals(UNSET, Conditions.evaluate(new Term.Slice("e", 0, 0), s));
        assertEquals(v(Value.of(Errno.EIO)), Conditions.evaluate(new Term.Literal(Value.of(Errno.EIO)), s));
    }

    @ParameterizedTest(name = "{0} {1} -> and {2}, or {3}")
    @CsvSource({"true, true, true, true", "true, false, false, true", "false, true, false, true",
        "false, false, false, false"})
    void shouldFollowTheTruthTablesOfTheConnectives(final boolean a, final boolean b, final boolean and,
                                                   final boolean or) {
        final FinalState s = FinalState.of(Map.of("r0", Value.of(1)));
        final Expr ea = new Expr.Compare(new Term.Register("r0"), a ? CompareOp.EQ : CompareOp.NE,
            new Term.Literal(Value.of(1)));
        final Expr eb = new Expr.Compare(new Term.Register("r0"), b ? CompareOp.EQ : CompareOp.NE,
            new Term.Literal(Value.of(1)));
        assertEquals(a, Conditions.holds(ea, s));
        assertEquals(!a, Conditions.holds(new Expr.Not(ea), s));
        assertEquals(and, Conditions.holds(new Expr.And(ea, eb), s));
        assertEquals(or, Conditions.holds(new Expr.Or(ea, eb), s));
    }

    @Test
    void shouldMakeTheNegationOfAnUnsetComparisonTrue() {
        final FinalState empty = FinalState.of(Map.of());
        final Expr eq = new Expr.Compare(new Term.Register("r0"), CompareOp.EQ, new Term.Literal(Value.of(1)));
        final Expr ne = new Expr.Compare(new Term.Register("r0"), CompareOp.NE, new Term.Literal(Value.of(1)));
        assertFalse(Conditions.holds(eq, empty));
        assertFalse(Conditions.holds(ne, empty));
        assertTrue(Conditions.holds(new Expr.Not(eq), empty));
    }

    @Test
    void shouldReadDeadlockAndViolationsFromTheState() {
        final FinalState stuck = new FinalState(Map.of(), true, Set.of("page-leak"));
        final FinalState fine = FinalState.of(Map.of());
        assertTrue(Conditions.holds(new Expr.Deadlock(), stuck));
        assertFalse(Conditions.holds(new Expr.Deadlock(), fine));
        assertTrue(Conditions.holds(new Expr.Violated(Violation.PAGE_LEAK), stuck));
        assertFalse(Conditions.holds(new Expr.Violated(Violation.USE_AFTER_FREE), stuck));
        assertFalse(Conditions.holds(new Expr.Violated(Violation.PAGE_LEAK), fine));
    }

    @Test
    void shouldEvaluateTheLitmusMdExampleUnderEachModelsExpectedOutcome() {
        final LitmusTest t = LitmusSources.parse(LitmusParserTest.EXAMPLE);
        final FinalState linux = FinalState.of(Map.of("r0", Value.of(4096), "r1", Value.of("B")));
        final FinalState copy = FinalState.of(Map.of("r0", Value.of(4096), "r1", Value.of("A")));
        final List<Condition> c = t.conditions();
        assertEquals(List.of(true, true, false), c.stream().map(x -> Conditions.holds(x.expr(), linux)).toList());
        assertEquals(List.of(true, false, true), c.stream().map(x -> Conditions.holds(x.expr(), copy)).toList());
    }

    @Test
    void shouldEvaluateParsedConditionsOnBytes() {
        final FinalState s = FinalState.of(Map.of("r0", Value.of(4096), "r1",
            Value.of(Bytes.repeat((byte) 'A', 50).concat(Bytes.of("XXXX")))));
        final String[] holding = {
            "expect r1 == 'A'*50 + \"XXXX\"", "expect len(r1) == 54", "expect r1[0] == 'A'", "expect r1[50] == 'X'",
            "expect r1[49..51] == \"AX\"", "expect r1 > \"A\"", "expect r1 < \"B\"", "expect r0 != EAGAIN",
            "expect !(r1[54] == 'X') && !(r1[54] != 'X')", "expect len(r1) < r0"};
        for (final String text : holding) {
            assertTrue(Conditions.holds(LitmusSources.expr(text), s), text);
        }
        final String[] failing = {"expect r1 == \"A\"", "expect r1[54] != 'X'", "expect r0 == EAGAIN",
            "expect r0 == r1", "expect deadlock", "expect violation(page-leak)"};
        for (final String text : failing) {
            assertFalse(Conditions.holds(LitmusSources.expr(text), s), text);
        }
    }

    @ParameterizedTest(name = "{0}: {1} of {2} -> {3}")
    @CsvSource({
        "EXPECT, 3, 3, true", "EXPECT, 2, 3, false", "EXPECT, 0, 0, true",
        "EXISTS, 1, 3, true", "EXISTS, 0, 3, false",
        "FORBID, 0, 3, true", "FORBID, 1, 3, false"})
    void shouldGiveEachKindItsVerdict(final Condition.Kind kind, final long holding, final long total,
                                      final boolean expected) {
        assertEquals(expected, kind.satisfied(holding, total));
    }

    @Test
    void shouldMakeFinalStatesValueObjects() {
        final FinalState a = new FinalState(Map.of("r0", Value.of(1)), false, Set.of("page-leak"));
        final FinalState b = new FinalState(new java.util.HashMap<>(Map.of("r0", Value.of(1))), false,
            new java.util.HashSet<>(Set.of("page-leak")));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertEquals(Optional.of(Value.of(1)), a.register("r0"));
        assertEquals(Optional.empty(), a.register("r1"));
    }
}
