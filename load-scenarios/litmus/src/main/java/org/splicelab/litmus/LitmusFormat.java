package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders values and final states as LITMUS.md prints them: {@code 4096}, {@code EAGAIN},
 * {@code "B"}, {@code 'A'*50+"XXXX"}, and state lines {@code r0=4096 r1="B"}. Every rendering of
 * data parses back to the same bytes.
 */
public final class LitmusFormat {
    /** Runs of at least this many equal bytes are written {@code 'c'*N}. */
    public static final int MIN_RUN = 8;

    private LitmusFormat() {
    }

    /** {@code 4096}, {@code EAGAIN} or the data literal. */
    public static String value(final Value value) {
        if (value instanceof Value.Int i) {
            return Long.toString(i.value());
        }
        if (value instanceof Value.Err e) {
            return e.errno().name();
        }
        return data(((Value.Data) value).bytes());
    }

    /**
     * The bytes as a data literal: runs of {@link #MIN_RUN} or more equal bytes as {@code 'c'*N},
     * everything else as quoted strings, joined by {@code +}; {@code ""} when empty. Bytes outside
     * printable ASCII are written {@code \xHH} (or {@code \n}, {@code \t}).
     */
    public static String data(final Bytes bytes) {
        if (bytes.isEmpty()) {
            return "\"\"";
        }
        final List<String> parts = new ArrayList<>();
        final StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < bytes.length()) {
            final int b = bytes.byteAt(i);
            int end = i + 1;
            while (end < bytes.length() && bytes.byteAt(end) == b) {
                end++;
            }
            if (end - i >= MIN_RUN) {
                flush(text, parts);
                parts.add("'" + escape(b, '\'') + "'*" + (end - i));
                i = end;
            } else {
                text.append(escape(b, '"'));
                i++;
            }
        }
        flush(text, parts);
        return String.join("+", parts);
    }

    /**
     * {@code r0=4096 r1="B"}: the registers in {@code order} (the test's first-assignment order), then
     * any others the state has; unset registers are left out. A deadlock adds {@code deadlock} and each
     * violation {@code violation(NAME)}.
     */
    public static String stateLine(final List<String> order, final FinalState state) {
        return String.join(" ", stateParts(order, state));
    }

    /** The parts of {@link #stateLine(List, FinalState)}: each register as NAME=VALUE, deadlock, violations. */
    public static List<String> stateParts(final List<String> order, final FinalState state) {
        final Set<String> names = new LinkedHashSet<>(order);
        names.addAll(state.registers().keySet());
        final List<String> parts = new ArrayList<>();
        for (final String name : names) {
            final Value v = state.registers().get(name);
            if (v != null) {
                parts.add(name + "=" + value(v));
            }
        }
        if (state.deadlock()) {
            parts.add("deadlock");
        }
        state.violations().forEach(v -> parts.add("violation(" + v + ")"));
        return parts;
    }

    /** {@link #stateLine(List, FinalState)} in the register order of {@code test}. */
    public static String stateLine(final LitmusTest test, final FinalState state) {
        return stateLine(test.registers(), state);
    }

    private static void flush(final StringBuilder text, final List<String> parts) {
        if (text.length() > 0) {
            parts.add("\"" + text + "\"");
            text.setLength(0);
        }
    }

    /** One byte inside a literal delimited by {@code quote}. */
    static String escape(final int b, final char quote) {
        if (b == quote || b == '\\') {
            return "\\" + (char) b;
        }
        if (b == '\n') {
            return "\\n";
        }
        if (b == '\t') {
            return "\\t";
        }
        if (b >= 0x20 && b < 0x7F) {
            return String.valueOf((char) b);
        }
        return String.format("\\x%02x", b);
    }
}
