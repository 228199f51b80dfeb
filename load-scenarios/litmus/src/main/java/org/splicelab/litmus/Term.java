package org.splicelab.litmus;

import java.util.Objects;

/** One side of a comparison in a condition. */
public sealed interface Term {
    /** {@code REG}: the register's value. */
    record Register(String name) implements Term {
        public Register {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@code len(REG)}: the number of bytes a data register holds. */
    record Length(String register) implements Term {
        public Length {
            Objects.requireNonNull(register, "register");
        }

        @Override
        public String toString() {
            return "len(" + register + ")";
        }
    }

    /** {@code REG[i]}: one byte, as one-byte data (compared with {@code 'c'}). */
    record ByteAt(String register, int index) implements Term {
        public ByteAt {
            Objects.requireNonNull(register, "register");
        }

        @Override
        public String toString() {
            return register + "[" + index + "]";
        }
    }

    /** {@code REG[from..to]}: bytes {@code from} to {@code to} exclusive. */
    record Slice(String register, int from, int to) implements Term {
        public Slice {
            Objects.requireNonNull(register, "register");
        }

        @Override
        public String toString() {
            return register + "[" + from + ".." + to + "]";
        }
    }

    /** An integer, an errno name or a data literal. */
    record Literal(Value value) implements Term {
        public Literal {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.toString();
        }
    }
}
