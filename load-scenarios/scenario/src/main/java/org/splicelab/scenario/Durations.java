package org.splicelab.scenario;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them ({@code 10s}, {@code 500ms}, {@code 1.5s}, {@code 2m}, {@code 1h},
 * {@code 7d}, and HOCON's long forms such as {@code 10 seconds}), parsed exactly (no silent overflow:
 * HOCON's own parser saturates {@code 99999999999999h} to 292 years) and printed the same way, never
 * as Java's {@code PT-2S}.
 */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)\\s*([A-Za-z]*)");
    private static final long MS = 1_000_000L;
    private static final long S = 1000 * MS;
    private static final Map<String, Long> UNITS = Map.ofEntries(
        Map.entry("ns", 1L), Map.entry("nano", 1L), Map.entry("nanos", 1L), Map.entry("nanosecond", 1L),
        Map.entry("nanoseconds", 1L), Map.entry("us", 1000L), Map.entry("micro", 1000L), Map.entry("micros", 1000L),
        Map.entry("microsecond", 1000L), Map.entry("microseconds", 1000L), Map.entry("ms", MS), Map.entry("milli", MS),
        Map.entry("millis", MS), Map.entry("millisecond", MS), Map.entry("milliseconds", MS), Map.entry("s", S),
        Map.entry("second", S), Map.entry("seconds", S), Map.entry("m", 60 * S), Map.entry("minute", 60 * S),
        Map.entry("minutes", 60 * S), Map.entry("h", 3600 * S), Map.entry("hour", 3600 * S),
        Map.entry("hours", 3600 * S), Map.entry("d", 86400 * S), Map.entry("day", 86400 * S),
        Map.entry("days", 86400 * S));

    /** The longest run, fault period or think time accepted: a week. */
    public static final Duration MAX = Duration.ofDays(7);

    private Durations() {
    }

    /**
     * The nanoseconds {@code text} stands for (exactly, possibly beyond a long), or null when it is not a
     * duration. A bare number is in {@code bareUnitNanos} (HOCON: milliseconds; the command line: seconds).
     */
    public static BigDecimal nanos(final String text, final long bareUnitNanos) {
        final Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        final Long unit = m.group(2).isEmpty() ? Long.valueOf(bareUnitNanos) : UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        if (unit == null) {
            return null;
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit));
    }

    /**
     * The duration {@code text} stands for when it lies in {@code [min, max]}; else a {@link ScenarioException}
     * whose message is {@code what: expected a duration from MIN to MAX, found TEXT} ({@code what} may be
     * a {@code file:line: 'key'} or an option).
     */
    public static Duration parse(final String what, final String text, final long bareUnitNanos, final Duration min,
                                 final Duration max) {
        final BigDecimal n = nanos(text, bareUnitNanos);
        if (n == null) {
            throw new ScenarioException(what + ": expected a duration such as 10s, 500ms or 2m, found " + quoted(text));
        }
        if (n.compareTo(BigDecimal.valueOf(min.toNanos())) < 0 || n.compareTo(BigDecimal.valueOf(max.toNanos())) > 0) {
            throw new ScenarioException(what + ": expected a duration " + range(min, max) + ", found " + text.trim());
        }
        return Duration.ofNanos(n.longValue());
    }

    /** {@code from 1ms to 7d}. */
    public static String range(final Duration min, final Duration max) {
        return "from " + format(min) + " to " + format(max);
    }

    /** {@code 1.5s}, {@code 500ms}, {@code 2m}, {@code 7d}, {@code -2s}: the largest unit that keeps it short. */
    public static String format(final Duration d) {
        final long n = d.toNanos();
        final long a = Math.abs(n);
        final String sign = n < 0 ? "-" : "";
        if (a == 0) {
            return "0s";
        }
        for (final long[] u : new long[][] {{86400 * S, 'd'}, {3600 * S, 'h'}, {60 * S, 'm'}}) {
            if (a % u[0] == 0) {
                return sign + a / u[0] + (char) u[1];
            }
        }
        if (a >= S) {
            return sign + BigDecimal.valueOf(a).divide(BigDecimal.valueOf(S)).stripTrailingZeros().toPlainString() + "s";
        }
        if (a >= MS) {
            return sign + BigDecimal.valueOf(a).divide(BigDecimal.valueOf(MS)).stripTrailingZeros().toPlainString()
                + "ms";
        }
        return a % 1000 == 0 ? sign + a / 1000 + "us" : sign + a + "ns";
    }

    private static String quoted(final String text) {
        return "'" + text + "'";
    }
}
