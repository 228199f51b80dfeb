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

    /**
     * The result of a call that moved {@code value} bytes. The counts calls return most often (0 to 64,
     * and every whole number of pages up to the largest pipe, 1 MiB) are shared: a reply allocates nothing.
     */
    static SyscallResult count(final long value) {
        if (value >= 0 && value <= Counts.SMALL) {
            return Counts.SMALL_COUNTS[(int) value];
        }
        if ((value & (Counts.PAGE - 1)) == 0 && value <= Counts.MAX_PAGES * Counts.PAGE) {
            return Counts.PAGE_COUNTS[(int) (value / Counts.PAGE)];
        }
        return new Count(value);
    }

    static SyscallResult fail(final Errno errno) {
        return new Failure(errno);
    }

    static SyscallResult data(final byte[] bytes) {
        return new Data(bytes);
    }

    /** The shared counts of {@link #count}. */
    final class Counts {
        static final int SMALL = 64;
        static final int PAGE = 4096;
        static final int MAX_PAGES = 256;
        static final Count[] SMALL_COUNTS = new Count[SMALL + 1];
        static final Count[] PAGE_COUNTS = new Count[MAX_PAGES + 1];

        static {
            for (int i = 0; i <= SMALL; i++) {
                SMALL_COUNTS[i] = new Count(i);
            }
            for (int i = 0; i <= MAX_PAGES; i++) {
                PAGE_COUNTS[i] = i == 0 ? SMALL_COUNTS[0] : new Count((long) i * PAGE);
            }
        }

        private Counts() {
        }
    }
}
