package org.splicelab.memory;

/**
 * What one thread's lock-free lookups ({@link PageCache#lookup}) met: hits, misses, and the retries of
 * {@code filemap_get_read_batch}: the speculative reference failed because the page was frozen (a steal
 * or an eviction in progress), or the slot changed between the load and the re-load (the page was
 * removed or replaced meanwhile, or freed). Plain counters, confined to one thread (one per actor), so
 * a lookup costs no shared write; {@link #flushTo} adds them to the run's {@link LookupTotals}.
 */
public final class LookupStats {
    public long lookups;
    public long hits;
    public long misses;
    /** tryGet failed on a frozen page (someone was stealing or evicting it). */
    public long retriesFrozen;
    /** The slot changed between the load and the re-load, or tryGet failed on a page already freed. */
    public long retriesChanged;

    /** Adds every figure to {@code totals} and starts again from zero. */
    public void flushTo(final LookupTotals totals) {
        if (lookups != 0) {
            totals.lookups.add(lookups);
            totals.hits.add(hits);
            totals.misses.add(misses);
            lookups = 0;
            hits = 0;
            misses = 0;
        }
        if (retriesFrozen != 0 || retriesChanged != 0) {
            totals.retriesFrozen.add(retriesFrozen);
            totals.retriesChanged.add(retriesChanged);
            retriesFrozen = 0;
            retriesChanged = 0;
        }
    }
}
