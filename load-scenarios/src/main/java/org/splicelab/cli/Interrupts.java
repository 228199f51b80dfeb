package org.splicelab.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and Ctrl-C (SIGINT) during {@code run}, {@code compare} and {@code hunt}: a JVM shutdown hook
 * asks the command in progress to end as if its time were up, and holds the JVM until the command has
 * printed its summary of what ran (at most {@link #GRACE_SECONDS}). The JVM then exits with the
 * signal's status (130 for SIGINT, 143 for SIGTERM). Commands that do not watch (list, litmus, bench)
 * are ended at once, as before. Which signal it was is learned from a chained signal handler where
 * the JVM allows one; the shutdown itself stays the JVM's.
 */
final class Interrupts {
    /** How long the hook waits for the summary before the JVM exits anyway. */
    static final int GRACE_SECONDS = 30;

    private static volatile String requested;
    private static volatile String signal;
    private static final AtomicInteger WATCHING = new AtomicInteger();
    private static final CountDownLatch DONE = new CountDownLatch(1);
    private static volatile boolean installed;

    private Interrupts() {
    }

    /** Installs the hook (the command line's {@code main} only: tests call {@link #request} instead). */
    static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        name("INT");
        name("TERM");
        Runtime.getRuntime().addShutdownHook(new Thread(Interrupts::onShutdown, "splicelab-interrupt"));
    }

    /** Records which signal came, then lets the JVM's own handler start the shutdown. */
    @SuppressWarnings("removal")
    private static void name(final String sig) {
        try {
            final sun.misc.Signal s = new sun.misc.Signal(sig);
            final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[1];
            previous[0] = sun.misc.Signal.handle(s, x -> {
                signal = "SIG" + sig;
                previous[0].handle(x);
            });
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // no such signal here, or it is the JVM's: the shutdown hook still runs, without the signal's name
        }
    }

    private static void onShutdown() {
        if (DONE.getCount() == 0 || WATCHING.get() == 0) {
            return; // a normal exit, or nothing to end gracefully
        }
        request(signal != null ? signal : "a signal");
        try {
            DONE.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the watching command to end now; {@code why} is what its summary says ("SIGTERM"). */
    static void request(final String why) {
        if (requested == null) {
            requested = why;
        }
    }

    /** Why the command should end now ("SIGTERM", "SIGINT"), or null while it should go on. */
    static String requested() {
        return requested;
    }

    /** A command that ends gracefully starts watching (the hook then waits for it). */
    static void watch() {
        WATCHING.incrementAndGet();
    }

    /** Its summary is printed: the hook may let the JVM exit. */
    static void unwatch() {
        WATCHING.decrementAndGet();
    }

    /** The command line is done (everything printed and flushed). */
    static void done() {
        DONE.countDown();
    }

    /** Forgets a request (tests that interrupt one run and then start another). */
    static void reset() {
        requested = null;
    }
}
