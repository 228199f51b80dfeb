package org.splicelab.memory;

/**
 * A reference to one page frame, encoded in a {@code long}: the frame index in the low 32 bits and the
 * frame's generation in the high 32 bits. The generation changes every time the frame is freed, so a
 * reference kept past the free is caught as {@link Violation#USE_AFTER_FREE} instead of touching the
 * frame's next life (the ABA problem). Generations start at 1, so {@link #NULL} (0) is never valid.
 *
 * <pre>
 *  63                 32 31                  0
 *  |    generation      |     frame index     |
 * </pre>
 */
public final class PageRef {
    /** No page. */
    public static final long NULL = 0L;

    private PageRef() {
    }

    /** The reference to {@code frame} in its life {@code generation}. */
    public static long of(final int frame, final int generation) {
        return ((long) generation << 32) | (frame & 0xFFFF_FFFFL);
    }

    /** The frame index. */
    public static int frame(final long ref) {
        return (int) ref;
    }

    /** The generation the reference was taken in. */
    public static int generation(final long ref) {
        return (int) (ref >>> 32);
    }

    /** {@code page#frame.gGEN}, or {@code page#null}. */
    public static String toString(final long ref) {
        return ref == NULL ? "page#null" : "page#" + frame(ref) + ".g" + generation(ref);
    }
}
