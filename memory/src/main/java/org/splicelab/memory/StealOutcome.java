package org.splicelab.memory;

/** How a steal ({@code remove_mapping} for the page cache, a gift for user memory) ended. */
public enum StealOutcome {
    /** The caller now holds the only reference; the page left its mapping. */
    STOLEN,
    /** Someone besides the mapping and the caller holds the page (the freeze failed). */
    SHARED,
    /** The page is dirty: {@code remove_mapping} refuses it. */
    DIRTY,
    /** The page is locked by someone else (I/O, truncate, another steal). */
    LOCKED,
    /** Write-back is in flight. */
    WRITEBACK,
    /** The page had already left the mapping when the steal locked it. */
    REMOVED
}
