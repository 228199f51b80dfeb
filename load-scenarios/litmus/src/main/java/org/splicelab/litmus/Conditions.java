package org.splicelab.litmus;

import java.util.Optional;

/**
 * Evaluates a condition's expression against one execution's {@link FinalState}.
 *
 * <p>A term that cannot be evaluated is <em>unset</em>: a register never assigned in the execution,
 * {@code len()} or an index of a value that is not data, an index or slice outside the data. Every
 * comparison with an unset term is false, {@code !=} included. Values of different kinds (an errno
 * and an integer) are never equal, so {@code ==} is false and {@code !=} true; ordering applies to
 * integers and to data (lexicographic, unsigned bytes) and is false for anything else.
 */
public final class Conditions {
    private Conditions() {
    }

    /** True when {@code expr} holds in {@code state}. */
    public static boolean holds(final Expr expr, final FinalState state) {
        if (expr instanceof Expr.And a) {
            return holds(a.left(), state) && holds(a.right(), state);
        }
        if (expr instanceof Expr.Or o) {
            return holds(o.left(), state) || holds(o.right(), state);
        }
        if (expr instanceof Expr.Not n) {
            return !holds(n.operand(), state);
        }
        if (expr instanceof Expr.Compare c) {
            return compare(evaluate(c.left(), state), c.op(), evaluate(c.right(), state));
        }
        if (expr instanceof Expr.Deadlock) {
            return state.deadlock();
        }
        if (expr instanceof Expr.Violated v) {
            return state.violations().contains(v.violation().id());
        }
        throw new IllegalArgumentException("unknown expression " + expr);
    }

    /** The value of {@code term} in {@code state}, or empty when it is unset. */
    public static Optional<Value> evaluate(final Term term, final FinalState state) {
        if (term instanceof Term.Literal l) {
            return Optional.of(l.value());
        }
        if (term instanceof Term.Register r) {
            return state.register(r.name());
        }
        if (term instanceof Term.Length l) {
            return data(l.register(), state).map(b -> Value.of(b.length()));
        }
        if (term instanceof Term.ByteAt b) {
            return data(b.register(), state)
                .filter(d -> b.index() >= 0 && b.index() < d.length())
                .map(d -> Value.of(d.slice(b.index(), b.index() + 1)));
        }
        if (term instanceof Term.Slice s) {
            return data(s.register(), state)
                .filter(d -> 0 <= s.from() && s.from() <= s.to() && s.to() <= d.length())
                .map(d -> Value.of(d.slice(s.from(), s.to())));
        }
        throw new IllegalArgumentException("unknown term " + term);
    }

    /** {@code left op right} under the rules in the class comment. */
    public static boolean compare(final Optional<Value> left, final CompareOp op, final Optional<Value> right) {
        if (left.isEmpty() || right.isEmpty()) {
            return false;
        }
        final Value l = left.get();
        final Value r = right.get();
        if (l instanceof Value.Int a && r instanceof Value.Int b) {
            return op.test(Long.compare(a.value(), b.value()));
        }
        if (l instanceof Value.Data a && r instanceof Value.Data b) {
            return op.test(a.bytes().compareTo(b.bytes()));
        }
        if (op.ordering()) {
            return false;
        }
        return (op == CompareOp.EQ) == l.equals(r);
    }

    private static Optional<Bytes> data(final String register, final FinalState state) {
        return state.register(register).filter(Value.Data.class::isInstance).map(v -> ((Value.Data) v).bytes());
    }
}
