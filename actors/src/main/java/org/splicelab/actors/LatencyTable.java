package org.splicelab.actors;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;

/**
 * A run's call latencies by system call name: one HdrHistogram per name per dispatcher thread, written
 * only by that thread (no lock, no sharing), merged when the run is over. The histograms were one per
 * name per process: about 80 KiB each once resized to a run's range, so 20,000 processes took gigabytes
 * for histograms alone (issue 15). Merging is exact: a histogram's counts add.
 *
 * <p>Read {@link #merged()} only once every writer's last record happened-before the call (the run's
 * processes have all reported that they finished).
 */
public final class LatencyTable {
    private final ConcurrentLinkedQueue<Map<String, Histogram>> tables = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Map<String, Histogram>> mine = ThreadLocal.withInitial(() -> {
        final Map<String, Histogram> m = new TreeMap<>();
        tables.add(m);
        return m;
    });

    /** Records one call of {@code name} that took {@code micros}, in this thread's table. */
    public void record(final String name, final long micros) {
        mine.get().computeIfAbsent(name, k -> new Histogram(3)).recordValue(Math.max(0, micros));
    }

    /** Every thread's table added up, by name. */
    public Map<String, Histogram> merged() {
        final Map<String, Histogram> out = new TreeMap<>();
        for (final Map<String, Histogram> t : tables) {
            t.forEach((k, h) -> out.computeIfAbsent(k, x -> new Histogram(3)).add(h));
        }
        return out;
    }
}
