package org.splicelab.memory;

/**
 * Page flag bits ({@code PG_*}), kept in one atomically updated word of the page header.
 * Set and clear with {@link PageArena#setFlags}, {@link PageArena#clearFlags}; {@link #LOCKED} only
 * through {@link PageArena#tryLock}/{@link PageArena#unlock}.
 */
public final class PageFlags {
    /** PG_uptodate: contents valid. Truncation does not clear it. */
    public static final int UPTODATE = 1;
    /** PG_locked: I/O, truncate or steal in progress. */
    public static final int LOCKED = 1 << 1;
    /** PG_dirty: modified through a filesystem write path, to be written back. */
    public static final int DIRTY = 1 << 2;
    /** PG_writeback: write-back I/O in flight. */
    public static final int WRITEBACK = 1 << 3;
    /** PG_lru: on an LRU list. */
    public static final int LRU = 1 << 4;
    /** Anonymous (process or pipe-private) memory. */
    public static final int ANON = 1 << 5;
    /** PG_private: the filesystem has private data attached (must be released before removal). */
    public static final int PRIVATE = 1 << 6;
    /** Mapped into a process's user memory (a mapping holds a reference). */
    public static final int MAPPED = 1 << 7;
    /** Member of a page cache (its owner/index words name the file and page index). */
    public static final int IN_PAGE_CACHE = 1 << 8;

    private static final String[] NAMES = {
        "uptodate", "locked", "dirty", "writeback", "lru", "anon", "private", "mapped", "in-page-cache"};

    private PageFlags() {
    }

    /** {@code uptodate|lru}, or {@code -} for none. */
    public static String toString(final int flags) {
        final StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < NAMES.length; bit++) {
            if ((flags & (1 << bit)) != 0) {
                if (sb.length() > 0) {
                    sb.append('|');
                }
                sb.append(NAMES[bit]);
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
