package org.splicelab.actors;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.Program;

/**
 * A process's anonymous memory regions: page-aligned, every page mapped (one reference held by the
 * mapping, flags {@code anon|mapped}). Stores write the pages in place, so a page vmspliced into a pipe
 * shows a later store to the pipe's reader (SEMANTICS §2.7). Confined to its {@link ProcessActor}.
 */
final class UserMemory {
    private static final int PAGE = PageArena.PAGE_SIZE;
    private final PageArena arena;
    private final long[][] pages;
    private final long[] sizes;

    /** Maps every region; returns null (and maps nothing) when the arena is out of frames. */
    static UserMemory map(final PageArena arena, final java.util.List<Program.Region> regions) {
        final UserMemory m = new UserMemory(arena, regions.size());
        for (int r = 0; r < regions.size(); r++) {
            final Program.Region region = regions.get(r);
            final int n = (int) ((region.size() + PAGE - 1) / PAGE);
            m.sizes[r] = region.size();
            m.pages[r] = new long[n];
            for (int i = 0; i < n; i++) {
                final long ref = arena.alloc();
                if (ref == PageRef.NULL) {
                    m.unmap();
                    return null;
                }
                arena.fill(ref, 0, PAGE, region.fill());
                arena.setFlags(ref, PageFlags.ANON | PageFlags.MAPPED);
                m.pages[r][i] = ref;
            }
        }
        return m;
    }

    private UserMemory(final PageArena arena, final int regions) {
        this.arena = arena;
        this.pages = new long[regions][];
        this.sizes = new long[regions];
    }

    /** False when [offset, offset+len) is outside the region (EFAULT). */
    boolean inRange(final int region, final long offset, final long len) {
        return region >= 0 && region < pages.length && offset >= 0 && len >= 0 && offset + len <= sizes[region];
    }

    void store(final int region, final long offset, final byte[] data) {
        int done = 0;
        while (done < data.length) {
            final long at = offset + done;
            final int n = (int) Math.min(data.length - done, PAGE - at % PAGE);
            final long ref = pages[region][(int) (at / PAGE)];
            arena.write(ref, (int) (at % PAGE), data, done, n);
            arena.markModified(ref);
            done += n;
        }
    }

    byte[] load(final int region, final long offset, final int len) {
        final byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            final long at = offset + done;
            final int n = (int) Math.min(len - done, PAGE - at % PAGE);
            arena.read(pages[region][(int) (at / PAGE)], (int) (at % PAGE), out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * iov_iter_get_pages for vmsplice: one new reference per page piece of [offset, offset+len), as
     * {@code user_page} entries, until the vector is full. Returns the bytes covered.
     */
    long share(final int region, final long offset, final long len, final PageVector out) {
        long done = 0;
        while (done < len && out.remaining() > 0) {
            final long at = offset + done;
            final int n = (int) Math.min(len - done, PAGE - at % PAGE);
            final long ref = pages[region][(int) (at / PAGE)];
            if (!arena.get(ref)) {
                break;
            }
            out.add(ref, (int) (at % PAGE), n, 0, OpsKind.USER_PAGE);
            done += n;
        }
        return done;
    }

    /**
     * vmsplice under private-pages: with GIFT, a whole page nobody else uses would be stolen, but a page
     * still mapped by this process counts as used, so every attempt fails as shared; every piece is
     * copied into a fresh private page. Returns the bytes covered (less when the arena runs out).
     */
    long copyPrivate(final int region, final long offset, final long len, final boolean gift, final KernelStats stats,
                     final PageVector out) {
        long done = 0;
        while (done < len && out.remaining() > 0) {
            final long at = offset + done;
            final int off = (int) (at % PAGE);
            final int n = (int) Math.min(len - done, PAGE - off);
            final long ref = pages[region][(int) (at / PAGE)];
            if (gift && off == 0 && n == PAGE) {
                // the mapping holds the page (MAPPED, a reference): "nobody else uses it" never holds here
                stats.stealsTried.increment();
                stats.stealFailed(KernelStats.StealFailure.SHARED);
            }
            final long copy = arena.alloc();
            if (copy == PageRef.NULL) {
                break;
            }
            arena.copy(ref, off, copy, 0, n);
            out.add(copy, 0, n, 0, OpsKind.DEFAULT);
            done += n;
        }
        return done;
    }

    /** munmap everything: the mapping's references are put (pages a pipe holds live on). */
    void unmap() {
        for (final long[] region : pages) {
            if (region == null) {
                continue;
            }
            for (int i = 0; i < region.length; i++) {
                if (region[i] != PageRef.NULL) {
                    arena.clearFlags(region[i], PageFlags.MAPPED);
                    arena.put(region[i]);
                    region[i] = PageRef.NULL;
                }
            }
        }
    }
}
