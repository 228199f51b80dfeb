package org.splicelab.litmus;

import java.util.Objects;

/**
 * A descriptor operand, already resolved: a declared descriptor with the end it names (a bare pipe
 * name has become {@code p.r} or {@code p.w}), or a raw number {@code fd:N}.
 */
public sealed interface FdRef {
    /** Which descriptor of a declared object: a file or {@code open} has one, a pipe and a socket pair two. */
    enum End {
        /** The descriptor of a {@code file} or {@code open} declaration. */
        NONE(""),
        /** {@code P.r}, the read end of a pipe. */
        READ(".r"),
        /** {@code P.w}, the write end of a pipe. */
        WRITE(".w"),
        /** {@code S.0}. */
        FIRST(".0"),
        /** {@code S.1}. */
        SECOND(".1");

        private final String suffix;

        End(final String suffix) {
            this.suffix = suffix;
        }

        /** {@code ".r"}, {@code ".0"}, or {@code ""}. */
        public String suffix() {
            return suffix;
        }
    }

    /** The descriptor {@code end} of the declared object {@code object}. */
    record Named(String object, End end) implements FdRef {
        public Named {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(end, "end");
        }

        @Override
        public String toString() {
            return object + end.suffix();
        }
    }

    /** {@code fd:N}: a number that need not be open (for EBADF tests). */
    record Raw(int number) implements FdRef {
        @Override
        public String toString() {
            return "fd:" + number;
        }
    }

    /** The descriptor of a file or {@code open} declaration. */
    static FdRef of(final String object) {
        return new Named(object, End.NONE);
    }

    static FdRef of(final String object, final End end) {
        return new Named(object, end);
    }
}
