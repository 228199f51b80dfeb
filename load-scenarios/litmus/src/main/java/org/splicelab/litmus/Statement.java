package org.splicelab.litmus;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A line of a process body: a call, optionally assigned to a register, or a {@code repeat} block. */
public sealed interface Statement {
    /** 1-based source line of the statement (of the {@code repeat} line for a block). */
    int line();

    /** {@code [REG =] OP ARGS}. */
    record Call(Optional<String> register, Op op, int line) implements Statement {
        public Call {
            Objects.requireNonNull(register, "register");
            Objects.requireNonNull(op, "op");
        }
    }

    /** {@code repeat N { ... }}: the body {@code count} times; registers keep the last value. */
    record Repeat(int count, List<Statement> body, int line) implements Statement {
        public Repeat {
            body = List.copyOf(body);
        }
    }
}
