package org.splicelab.protocols;

import java.util.Arrays;

/** What a simulated system call returned: a count, an errno, or bytes (read, pread, load). */
public sealed interface SyscallResult permits SyscallResult.Count, SyscallResult.Failure, SyscallResult.Data {

    /** A non-negative return value (bytes moved, a size, 0 for success). */
    record Count(long value) implements SyscallResult {
        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /** A failed call: -1 and errno. */
    record Failure(Errno errno) implements SyscallResult {
        @Override
        public String toString() {
            return errno.name();
        }
    }

    /** Bytes returned in a user buffer (the call's return value is their length). */
    record Data(byte[] bytes) implements SyscallResult {
        @Override
        public boolean equals(final Object o) {
            return o instanceof Data d && Arrays.equals(bytes, d.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Data[" + bytes.length + " bytes]";
        }
    }

    static SyscallResult count(final long value) {
        return new Count(value);
    }

    static SyscallResult fail(final Errno errno) {
        return new Failure(errno);
    }

    static SyscallResult data(final byte[] bytes) {
        return new Data(bytes);
    }
}
