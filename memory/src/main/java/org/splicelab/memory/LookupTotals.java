package org.splicelab.memory;

import java.util.concurrent.atomic.LongAdder;

/** A run's lookup figures, summed from every thread's {@link LookupStats}. Any thread. */
public final class LookupTotals {
    public final LongAdder lookups = new LongAdder();
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder retriesFrozen = new LongAdder();
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
