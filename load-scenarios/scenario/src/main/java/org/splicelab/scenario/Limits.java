package org.splicelab.scenario;

import java.time.Duration;

/**
 * The ranges a scenario's numbers must lie in. Each bound is there because something past it overflows,
 * floods the actors or cannot be built in memory; {@link ScenarioBudget} then checks that what is left
 * fits this JVM and this machine.
 */
public final class Limits {
    /** The largest relay channel (subbufs x subbuf): the model's RelayChannel.MAX_BYTES, 8 MiB. */
    public static final int MAX_RELAY_BYTES = 8 << 20;
    /** The smallest arena: a few pages for pipes and copies. */
    public static final int MIN_ARENA_FRAMES = 16;
    /** The largest arena: 16 GiB of page frames (committed as they are touched). */
    public static final int MAX_ARENA_FRAMES = 1 << 22;
    /** A file's contents are built in memory before its pages are cached: at most 1 GiB. */
    public static final long MAX_FILE_SIZE = 1L << 30;
    /** A memory region is mapped page by page from the arena when its process starts: at most 1 GiB. */
    public static final long MAX_MEM_SIZE = 1L << 30;
    /** The kernel's MAX_RW_COUNT (INT_MAX rounded down to a page): no call moves more in one go. */
    public static final long MAX_LEN = 0x7FFF_F000L;
    /** A write's, pwrite's or store's data is built once per process: at most 64 MiB. */
    public static final long MAX_DATA_LEN = 64L << 20;
    /** The largest file offset or truncate length: 1 TiB (the page index and the file's size stay exact). */
    public static final long MAX_OFFSET = 1L << 40;
    /** Processes in one role (before the memory estimate). */
    public static final long MAX_COUNT = 1_000_000;
    /** Threads per process. */
    public static final long MAX_THREADS = 1024;
    /** Loop iterations per process. */
    public static final long MAX_ITERATIONS = 1_000_000_000_000L;
    /** A one-of element's weight. */
    public static final long MAX_WEIGHT = 1_000_000;
    /** Iterations per second per process. */
    public static final double MAX_RATE = 1_000_000;
    /** The shortest run. */
    public static final Duration MIN_DURATION = Duration.ofMillis(1);
    /** The finest timeline: a sample timer faster than this floods the scenario's actor. */
    public static final Duration MIN_SAMPLE_INTERVAL = Duration.ofMillis(10);
    /** The shortest fault period: a fault timer faster than this floods the actors it hits. */
    public static final Duration MIN_FAULT_PERIOD = Duration.ofMillis(10);

    private Limits() {
    }
}
