package org.splicelab.scenario;

/** Sizes in bytes as a scenario writes them: {@code 64KiB}, {@code 1GiB}, else the number of bytes. */
public final class Sizes {
    private Sizes() {
    }

    /** {@code 0}, {@code 4096}, {@code 64KiB}, {@code 1TiB}: the largest binary unit that divides it. */
    public static String format(final long bytes) {
        final String[] units = {"TiB", "GiB", "MiB", "KiB"};
        for (int i = 0; i < units.length; i++) {
            final long unit = 1L << (10 * (units.length - i));
            if (bytes != 0 && bytes % unit == 0) {
                return bytes / unit + units[i];
            }
        }
        return Long.toString(bytes);
    }

    /** {@code 1.4 GiB}: an approximate amount of memory, for estimates. */
    public static String approx(final long bytes) {
        final String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double x = bytes;
        int i = 0;
        while (x >= 1024 && i < units.length - 1) {
            x /= 1024;
            i++;
        }
        return i == 0 ? bytes + " bytes" : String.format(java.util.Locale.ROOT, "%.1f %s", x, units[i]);
    }
}
