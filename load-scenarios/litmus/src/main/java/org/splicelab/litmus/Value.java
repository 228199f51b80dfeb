package org.splicelab.litmus;

import java.util.Objects;
import org.splicelab.protocols.Errno;

/**
 * What a register holds after a call, or a value written in a condition: a count (or any integer),
 * an errno, or bytes. {@link #toString()} renders it as LITMUS.md shows it: {@code 4096},
 * {@code EAGAIN}, {@code "B"}.
 */
public sealed interface Value {
    /** An integer: a byte count, a size, a length. */
    record Int(long value) implements Value {
        @Override
        public String toString() {
            return LitmusFormat.value(this);
        }
    }

    /** A call that failed with {@code errno}. */
    record Err(Errno errno) implements Value {
        public Err {
            Objects.requireNonNull(errno, "errno");
        }

        @Override
        public String toString() {
            return LitmusFormat.value(this);
        }
    }

    /** Bytes: what {@code read}, {@code pread} and {@code load} return ({@code ""} at EOF). */
    record Data(Bytes bytes) implements Value {
        public Data {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public String toString() {
            return LitmusFormat.value(this);
        }
    }

    static Value of(final long value) {
        return new Int(value);
    }

    static Value of(final Errno errno) {
        return new Err(errno);
    }

    static Value of(final Bytes bytes) {
        return new Data(bytes);
    }

    /** The UTF-8 bytes of {@code text} as a data value. */
    static Value of(final String text) {
        return new Data(Bytes.of(text));
    }
}
