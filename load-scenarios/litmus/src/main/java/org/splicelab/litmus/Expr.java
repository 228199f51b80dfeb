package org.splicelab.litmus;

import java.util.Objects;
import org.splicelab.memory.Violation;

/** A condition's boolean expression; evaluated by {@link Conditions#holds(Expr, FinalState)}. */
public sealed interface Expr {
    /** {@code left && right}. */
    record And(Expr left, Expr right) implements Expr {
        public And {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code left || right}. */
    record Or(Expr left, Expr right) implements Expr {
        public Or {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code !operand}. */
    record Not(Expr operand) implements Expr {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code left OP right}. */
    record Compare(Term left, CompareOp op, Term right) implements Expr {
        public Compare {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(right, "right");
        }
    }

    /** {@code deadlock}: the execution ended with every remaining process blocked. */
    record Deadlock() implements Expr {
    }

    /** {@code violation(NAME)}: the invariant checker reported {@code violation}. */
    record Violated(Violation violation) implements Expr {
        public Violated {
            Objects.requireNonNull(violation, "violation");
        }
    }
}
