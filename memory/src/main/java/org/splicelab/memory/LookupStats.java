package org.splicelab.memory;

import java.util.concurrent.atomic.LongAdder;

/**
 * What lock-free lookups ({@link PageCache#lookup}, {@link AddressSpace}) met: hits, misses, and the
 * retries of {@code filemap_get_read_batch}: the speculative reference failed because the page was
 * frozen (a steal or an eviction in progress) or already freed, or the slot changed between the load
 * and the re-load (the page was removed or replaced meanwhile). Any thread.
 */
public final class LookupStats {
    public final LongAdder lookups = new LongAdder();
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    /** tryGet failed on a frozen page (someone was stealing or evicting it). */
    public final LongAdder retriesFrozen = new LongAdder();
    /** The slot changed between the load and the re-load, or tryGet failed on a page already freed. */
    public final LongAdder retriesChanged = new LongAdder();

    /** Forgets every figure. */
    public void reset() {
        lookups.reset();
        hits.reset();
        misses.reset();
        retriesFrozen.reset();
        retriesChanged.reset();
    }
}
