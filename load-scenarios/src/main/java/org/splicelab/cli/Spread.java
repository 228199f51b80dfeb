package org.splicelab.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Repeated timings as a median with its spread (min and max), as bench and compare report them. */
final class Spread {
    private Spread() {
    }

    static double median(final List<Double> xs) {
        final List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        final int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@code median M  min A  max B}, each with {@code format} (e.g. {@code %,.0f}). */
    static String labelled(final List<Double> xs, final String format) {
        return String.format("median " + format + "  min " + format + "  max " + format, median(xs),
            Collections.min(xs), Collections.max(xs));
    }

    /** {@code M (A-B)}, or just {@code M} for one value. */
    static String compact(final List<Double> xs, final String format) {
        return xs.size() == 1 ? String.format(format, xs.get(0))
            : String.format(format + " (" + format + "-" + format + ")", median(xs), Collections.min(xs),
                Collections.max(xs));
    }
}
