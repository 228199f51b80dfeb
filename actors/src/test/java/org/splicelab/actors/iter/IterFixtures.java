package org.splicelab.actors.iter;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;

/** Page-cache pages for the iterator tests: allocated, filled with a known pattern, mapped. */
final class IterFixtures {
    static final int PAGE = PageArena.PAGE_SIZE;

    private IterFixtures() {
    }

    /** The bytes page {@code index} of file {@code file} holds: below 0x80, varying with the offset. */
    static byte[] pattern(final long file, final long index) {
        final byte[] b = new byte[PAGE];
        for (int i = 0; i < PAGE; i++) {
            b[i] = (byte) ((i * 7 + index * 13 + file * 29) & 0x7F);
        }
        return b;
    }

    /** A page-cache page (refcount 1: the cache's reference, which the test holds and finally puts). */
    static long cachePage(final PageArena arena, final long file, final long index) {
        final long ref = arena.alloc();
        arena.write(ref, 0, pattern(file, index), 0, PAGE);
        arena.setFlags(ref, PageFlags.UPTODATE);
        arena.setMapping(ref, file, index);
        return ref;
    }

    /** The cache lets go of its page: the mapping is cleared first, then the cache's reference is put. */
    static void uncache(final PageArena arena, final long ref) {
        arena.clearMapping(ref);
        arena.put(ref);
    }

    static PipeBuffers ring(final PipeIterator it) {
        if (it instanceof IterPipe p) {
            return p.ring();
        }
        return ((SeekableIterPipe) it).ring();
    }

    static byte[] bytes(final int n, final char c) {
        final byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) c);
        return b;
    }

    static byte[] slice(final byte[] b, final int from, final int to) {
        return java.util.Arrays.copyOfRange(b, from, to);
    }

    static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
