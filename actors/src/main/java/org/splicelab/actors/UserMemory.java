package org.splicelab.actors;

import java.util.concurrent.atomic.AtomicInteger;
import org.splicelab.memory.AddressSpace;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.StealOutcome;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.Program;

/**
 * A process's anonymous memory regions over one shared {@link AddressSpace}: page-aligned, every page
 * mapped at the start (one reference held by the mapping). Every thread of the process (the processes
 * declared to share this one's memory) uses the same object: stores write the pages in place, so a page
 * vmspliced into a pipe shows a later store, by any thread, to the pipe's reader (SEMANTICS §2.7).
 * Each access looks the page up the kernel's way and holds a reference while it touches it.
 *
 * <p>Any thread; the regions are fixed at {@link #map}. The last thread to {@link #release} unmaps.
 */
final class UserMemory {
    private static final int PAGE = PageArena.PAGE_SIZE;
    private final Kernel kernel;
    private final PageArena arena;
    private final AddressSpace space;
    private final long[] base;
    private final long[] sizes;
    private final AtomicInteger users;
    private final boolean shared;

    /**
     * Maps every region for {@code threads} users; returns null (and maps nothing) when the arena is
     * out of frames.
     */
    static UserMemory map(final Kernel kernel, final java.util.List<Program.Region> regions, final int threads) {
        final UserMemory m = new UserMemory(kernel, regions.size(), threads);
        long vpn = 0;
        for (int r = 0; r < regions.size(); r++) {
            final Program.Region region = regions.get(r);
            final long pages = (region.size() + PAGE - 1) / PAGE;
            m.base[r] = vpn;
            m.sizes[r] = region.size();
            if (!m.space.map(vpn, pages, region.fill(), region.populated())) {
                m.space.unmapAll();
                return null;
            }
            vpn += pages;
        }
        return m;
    }

    private UserMemory(final Kernel kernel, final int regions, final int threads) {
        this.kernel = kernel;
        this.arena = kernel.arena();
        // no regions, no address space: its page index takes two nodes of the arena's index pool, which
        // 100,000 processes without memory exhausted (issue 15); every access is out of range (EFAULT)
        this.space = regions == 0 ? null : new AddressSpace(arena, kernel.reclaim());
        this.base = new long[regions];
        this.sizes = new long[regions];
        this.users = new AtomicInteger(threads);
        this.shared = threads > 1;
    }

    /** True when several threads share this memory. */
    boolean shared() {
        return shared;
    }

    /** False when [offset, offset+len) is outside the region (EFAULT). */
    boolean inRange(final int region, final long offset, final long len) {
        return region >= 0 && region < base.length && offset >= 0 && len >= 0 && offset + len <= sizes[region];
    }

    /**
     * The process writes its memory: each page is faulted in if a gift took it; false (EFAULT) when no
     * frame is left for that.
     */
    boolean store(final int region, final long offset, final byte[] data, final LookupStats stats) {
        int done = 0;
        while (done < data.length) {
            final long at = offset + done;
            final int n = (int) Math.min(data.length - done, PAGE - at % PAGE);
            final long ref = space.faultIn(base[region] + at / PAGE, stats);
            if (ref == PageRef.NULL) {
                return false;
            }
            arena.write(ref, (int) (at % PAGE), data, done, n);
            arena.markModified(ref);
            arena.put(ref);
            done += n;
        }
        return true;
    }

    /** The process reads its memory (an unmapped page reads as zeros, as the zero page would). */
    byte[] load(final int region, final long offset, final int len, final LookupStats stats) {
        final byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            final long at = offset + done;
            final int n = (int) Math.min(len - done, PAGE - at % PAGE);
            final long ref = space.lookup(base[region] + at / PAGE, stats);
            if (ref != PageRef.NULL) {
                arena.read(ref, (int) (at % PAGE), out, done, n);
                arena.put(ref);
            }
            done += n;
        }
        return out;
    }

    /**
     * {@code iov_iter_get_pages2} for vmsplice: one reference per page piece of [offset, offset+len), as
     * {@code user_page} entries, until the vector is full. Returns the bytes covered.
     */
    long share(final int region, final long offset, final long len, final PageVector out, final LookupStats stats) {
        long done = 0;
        while (done < len && out.remaining() > 0) {
            final long at = offset + done;
            final int n = (int) Math.min(len - done, PAGE - at % PAGE);
            final long vpn = base[region] + at / PAGE;
            long ref = space.lookup(vpn, stats);
            if (ref == PageRef.NULL) {
                ref = space.zeroPage();   // never written: the pipe gets the zero page, a later store COWs
            }
            if (ref == PageRef.NULL) {
                break;
            }
            out.add(ref, (int) (at % PAGE), n, 0, OpsKind.USER_PAGE);
            done += n;
        }
        return done;
    }

    /**
     * vmsplice under private-pages (Howells 2023): with GIFT a whole page that only the mapping and
     * this call hold is stolen (it leaves the address space; a later touch maps a zero page); a page a
     * sibling is storing to, has vmspliced or pinned is shared, so it is copied, as is every piece
     * without GIFT. Returns the bytes covered (less when the arena runs out).
     */
    long copyPrivate(final int region, final long offset, final long len, final boolean gift, final KernelStats stats,
                     final PageVector out, final LookupStats lookups) {
        long done = 0;
        while (done < len && out.remaining() > 0) {
            final long at = offset + done;
            final int off = (int) (at % PAGE);
            final int n = (int) Math.min(len - done, PAGE - off);
            final long vpn = base[region] + at / PAGE;
            long ref = space.lookup(vpn, lookups);
            final boolean zero = ref == PageRef.NULL;
            if (zero) {
                ref = space.zeroPage();   // never written: a copy of zeros, nothing to steal
            }
            if (ref == PageRef.NULL) {
                break;
            }
            if (gift && !zero && off == 0 && n == PAGE) {
                stats.stealsTried.increment();
                final StealOutcome outcome = kernel.policy().giftSteal(space, vpn, ref);
                if (outcome == StealOutcome.STOLEN) {
                    stats.stealsSucceeded.increment();
                    out.add(ref, 0, PAGE, 0, OpsKind.USER_PAGE);   // the pipe's now, no copy
                    done += n;
                    continue;
                }
                stats.stealFailed(KernelStats.StealFailure.of(outcome));
            }
            final long copy = kernel.allocPage();
            if (copy == PageRef.NULL) {
                arena.put(ref);
                break;
            }
            arena.copy(ref, off, copy, 0, n);
            arena.put(ref);
            out.add(copy, 0, n, 0, OpsKind.DEFAULT);
            done += n;
        }
        return done;
    }

    /** One thread leaves (exits); the last one unmaps everything (pages a pipe holds live on). */
    void release() {
        if (users.decrementAndGet() == 0) {
            if (space != null) {
                space.unmapAll();
            }
        }
    }
}
