package org.splicelab.cli;

import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --messages}, shared by hunt and replay: whether and how a schedule's trace is printed. */
final class TraceOptions {
    @Option(names = "--quiet", description = "print the outcome only, not the trace")
    boolean quiet;

    @Option(names = "--messages", description = "trace every message, refcount change and choice, not the system "
        + "calls (what a scenario target always shows)")
    boolean messages;
}
