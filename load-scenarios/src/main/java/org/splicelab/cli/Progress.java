package org.splicelab.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.splicelab.scenario.ScenarioRunner;

/**
 * Live progress of a run: a progress bar on a terminal, plain periodic lines otherwise (CI logs,
 * pipes), one per second.
 */
final class Progress implements Consumer<ScenarioRunner.Progress>, AutoCloseable {
    private final PrintWriter out;
    private final String label;
    private final ProgressBar bar;
    private long lastLine;
    private double lastSeconds;
    private long lastSyscalls;

    Progress(final PrintWriter out, final String label, final double totalSeconds) {
        this.out = out;
        this.label = label;
        this.bar = System.console() != null && totalSeconds > 0
            ? new ProgressBarBuilder().setTaskName(label).setInitialMax((long) (totalSeconds * 10))
                .setStyle(ProgressBarStyle.ASCII).setUnit("s", 10).setUpdateIntervalMillis(250).build()
            : null;
    }

    @Override
    public void accept(final ScenarioRunner.Progress p) {
        // the rate since the last figure shown, not the run's average (which hides warm-up and stalls)
        final double dt = p.seconds() - lastSeconds;
        final double rate = dt > 0 ? (p.syscalls() - lastSyscalls) / dt : 0;
        final String extra = String.format("%,.0f syscalls/s now, pages by ref %,d, copied %,d", rate,
            p.pagesByReference(), p.pagesCopied());
        if (bar != null) {
            lastSeconds = p.seconds();
            lastSyscalls = p.syscalls();
            bar.stepTo(Math.min(bar.getMax(), (long) (p.seconds() * 10)));
            bar.setExtraMessage(" " + extra);
        } else if (System.nanoTime() - lastLine >= 1_000_000_000L) {
            lastLine = System.nanoTime();
            lastSeconds = p.seconds();
            lastSyscalls = p.syscalls();
            out.printf("[%s] t=%.1fs%s %s%n", label, p.seconds(),
                p.totalSeconds() > 0 ? String.format("/%.0fs", p.totalSeconds()) : "", extra);
            out.flush();
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
