package org.splicelab.actors;

import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageRef;
import org.splicelab.protocols.Errno;

/**
 * A notification pipe's watch queue ({@code struct watch_queue}, kernel/watch_queue.c of 6.17): the note
 * pages {@code IOC_WATCH_QUEUE_SET_SIZE} preallocates, the bitmap of free 128-byte note slots in them,
 * {@code max_usage} (what F_GETPIPE_SZ reports: the pages charged, not the ring) and {@code note_loss}.
 * A note is posted into a free slot of a preallocated page, so posting never allocates; the
 * {@link PipeRing} holds it as a {@code WHOLE} buffer with watch-queue ops (never stolen) and gives the
 * slot back when the buffer is released ({@code watch_queue_pipe_buf_release}). This kernel (6.18 here)
 * has no CONFIG_WATCH_QUEUE, so all of this is modelled from the source, not observed.
 * Confined to its {@link PipeActor}.
 */
final class WatchQueue {
    /** WATCH_QUEUE_NOTE_SIZE. */
    static final int NOTE_SIZE = 128;
    /** WATCH_QUEUE_NOTES_PER_PAGE. */
    static final int NOTES_PER_PAGE = PageArena.PAGE_SIZE / NOTE_SIZE;
    /** The hard limit of watch_queue_set_size ("TODO: choose a better hard limit"). */
    static final int MAX_NOTES = 512;
    /** The 8-byte loss record pipe_read writes: type WATCH_TYPE_META, subtype WATCH_META_LOSS_NOTIFICATION, length 8. */
    static final byte[] LOSS_RECORD = {0, 0, 0, 1, 8, 0, 0, 0};

    private final Kernel kernel;
    private long[] pages = new long[0];
    private boolean[] free = new boolean[0];
    private int maxUsage;
    private boolean noteLoss;

    /** A queue with no notes yet on a pipe of {@code slots} slots (alloc_pipe_info: max_usage = ring_size). */
    WatchQueue(final Kernel kernel, final int slots) {
        this.kernel = kernel;
        this.maxUsage = slots;
    }

    /**
     * watch_queue_set_size: preallocates ceil(n / 32) note pages, makes every note slot of them free and
     * sets max_usage to the pages charged. EBUSY when already sized, EINVAL for n outside 1..512, ENOMEM
     * without frames. The caller resizes the ring to {@link #ringSlots()} (roundup_pow_of_two(notes)).
     */
    Errno setSize(final long n) {
        if (pages.length > 0) {
            return Errno.EBUSY;
        }
        if (n < 1 || n > MAX_NOTES) {
            return Errno.EINVAL;
        }
        final int nrPages = (int) ((n + NOTES_PER_PAGE - 1) / NOTES_PER_PAGE);
        final long[] got = new long[nrPages];
        for (int i = 0; i < nrPages; i++) {
            got[i] = kernel.allocPage();
            if (got[i] == PageRef.NULL) {
                for (int j = 0; j < i; j++) {
                    kernel.arena().put(got[j]);
                }
                return Errno.ENOMEM;
            }
        }
        pages = got;
        free = new boolean[nrPages * NOTES_PER_PAGE];
        java.util.Arrays.fill(free, true);
        maxUsage = nrPages;
        return null;
    }

    /** The ring size after {@link #setSize}: roundup_pow_of_two(nr_notes), nr_notes = pages × 32. */
    int ringSlots() {
        return Integer.highestOneBit(free.length - 1) << 1;
    }

    /** pipe->max_usage in slots: F_GETPIPE_SZ is this × 4096. */
    int maxUsage() {
        return maxUsage;
    }

    /** The first free note slot (find_first_bit), or -1 when every one is in the pipe (or none exists). */
    int takeNote() {
        for (int i = 0; i < free.length; i++) {
            if (free[i]) {
                free[i] = false;
                return i;
            }
        }
        return -1;
    }

    /** The page holding note {@code note}. */
    long page(final int note) {
        return pages[note / NOTES_PER_PAGE];
    }

    /** The note's offset in its page. */
    static int offset(final int note) {
        return note % NOTES_PER_PAGE * NOTE_SIZE;
    }

    /**
     * watch_queue_pipe_buf_release: the note a buffer of {@code page} ending at {@code end} held is free
     * again (the note was more than zero bytes, so its end identifies it).
     */
    void released(final long page, final int end) {
        int bit = end;
        if ((bit & (NOTE_SIZE - 1)) == 0) {
            bit -= NOTE_SIZE;
        }
        bit /= NOTE_SIZE;
        for (int i = 0; i < pages.length; i++) {
            if (pages[i] == page) {
                free[i * NOTES_PER_PAGE + bit] = true;
                return;
            }
        }
        throw new IllegalStateException("a watch-queue buffer on a page the queue does not own: " + PageRef.toString(page));
    }

    /** pipe->note_loss: a buffer carrying LOSS was consumed; the next read starts with the loss record. */
    boolean noteLoss() {
        return noteLoss;
    }

    void noteLoss(final boolean lost) {
        noteLoss = lost;
    }

    /** __put_watch_queue: the note pages go (the pipe released its buffers first). */
    void free() {
        for (final long p : pages) {
            kernel.arena().put(p);
        }
        pages = new long[0];
        free = new boolean[0];
    }
}
