package org.splicelab.cluster;

import java.util.List;

/**
 * The work a cluster spreads: deterministic ranges, each a pure function of what it carries, so a result
 * found on any node replays on any other from its replay file.
 */
public final class Work {
    private Work() {
    }

    /** What a range of a job is: schedules of a hunt (a sweep's cells are hunts) or programs of a fuzz campaign. */
    public enum Kind { HUNT, FUZZ }

    /** How a range ended; every range of a job is reported exactly once with one of these. */
    public enum Status {
        /** It ran to its end and found nothing. */
        RAN,
        /** A schedule found something (hunt), or programs disagreed with the kernel (fuzz). */
        FOUND,
        /** It threw: {@link RangeResult#reason()} says what. */
        FAILED,
        /** Stopped part-way (a finding elsewhere in its cell, or the user cancelled): what ran is counted. */
        STOPPED,
        /** Never started (a finding elsewhere in its cell ended that cell, or the user cancelled). */
        NOT_RUN
    }

    /**
     * A hunt's target and settings: the target's text travels, named by the user's reference
     * ({@code /abs/file.litmus}, {@code scenario:NAME}, {@code scenario:/abs/file.conf}).
     */
    public record HuntSpec(String reference, String text, Long loopIterations, String model, String strategy,
                           int pctDepth, int pctK, Boolean memoryPoints) implements ClusterMessage {
    }

    /** A fuzz campaign's settings; each node runs the kernel side on its own host. */
    public record FuzzSpec(int processes, int runs) implements ClusterMessage {
    }

    /**
     * One range: {@code count} schedules (or programs) from {@code firstSeed}. {@code cell} groups the
     * ranges of one hunt (a sweep has a cell per target and model); a hunt's cell ends at its first finding.
     */
    public record Range(int index, int cell, String label, Kind kind, long firstSeed, long count, HuntSpec hunt,
                        FuzzSpec fuzz) implements ClusterMessage {
        public String seeds() {
            return firstSeed + ".." + (firstSeed + count - 1);
        }
    }

    /** A fuzz disagreement: its signature, how many programs of the range showed it, the shrunk source. */
    public record FuzzFinding(String signature, long count, String source) implements ClusterMessage {
    }

    /**
     * What a range did, on which node. Hunt: schedules, steps, choices, PCT's k and n, and the replay
     * file's text when something was found. Fuzz: the campaign's counts and findings, and the node's kernel.
     */
    public record RangeResult(int index, String node, Status status, String reason, long ran, long steps,
                              long decisions, double seconds, int pctSteps, int chains, long foundSeed,
                              List<String> findings, boolean confirmed, String replayFileName, String replayText,
                              long agreeing, long skipped, long unreproduced, long notExhaustive,
                              List<FuzzFinding> fuzzFindings, String kernel) implements ClusterMessage {
        /** A range that never ran. */
        public static RangeResult notRun(final int index, final String why) {
            return new RangeResult(index, "", Status.NOT_RUN, why, 0, 0, 0, 0, 0, 0, -1, List.of(), false, null, null,
                0, 0, 0, 0, List.of(), null);
        }

        /** A range that threw on {@code node}. */
        public static RangeResult failed(final int index, final String node, final String why, final double seconds) {
            return new RangeResult(index, node, Status.FAILED, why, 0, 0, 0, seconds, 0, 0, -1, List.of(), false, null,
                null, 0, 0, 0, 0, List.of(), null);
        }
    }
}
