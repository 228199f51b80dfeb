package org.splicelab.protocols;

import java.util.List;
import java.util.Map;

/**
 * What a simulated process runs: its memory regions, its inherited descriptors and its steps.
 *
 * @param name    the process name ({@code P0})
 * @param fds     fd number → open file description (shared with other processes that inherit it)
 * @param regions memory regions, indexed as {@link Syscall} refers to them
 * @param steps   the program
 * @param seed    seeds the process's random (workload choices)
 * @param recordTrace keep registers and the trace (litmus); off for long workloads
 */
public record Program(String name, Map<Integer, OpenFile> fds, List<Region> regions, List<Step> steps, long seed,
                      boolean recordTrace) {

    /** A litmus program: seed 0, traced. */
    public Program(final String name, final Map<Integer, OpenFile> fds, final List<Region> regions,
                   final List<Step> steps) {
        this(name, fds, regions, steps, 0, true);
    }

    /** Page-aligned anonymous memory {@code size} bytes long, every byte {@code fill}. */
    /**
     * A memory region; {@code populated}: every page was written with {@code fill} (else the region was
     * never written, and reads as the zero page until a store faults a page in).
     */
    public record Region(String name, long size, byte fill, boolean populated) {
        public Region(final String name, final long size, final byte fill) {
            this(name, size, fill, true);
        }
    }

    /** One step of a program. */
    public sealed interface Step permits Call, Repeat, Loop {
    }

    /**
     * A call; its result goes to {@code register} when not null.
     *
     * @param line the source line (litmus) or 0
     */
    public record Call(Syscall syscall, String register, int line, String source) implements Step {
    }

    /** {@code repeat times { body }}. */
    public record Repeat(int times, List<Step> body) implements Step {
    }

    /**
     * A workload loop (scenarios): each iteration runs {@code body} in order, each element choosing one
     * of its templates by weight with the process's seeded random; {@code iterations == 0} loops until
     * the process is stopped. Between iterations the process waits {@code thinkNanos}, or paces itself
     * to {@code ratePerSecond} iterations per second when that is positive.
     */
    public record Loop(List<Choice> body, long iterations, long thinkNanos, double ratePerSecond) implements Step {
    }

    /** One element of a loop: templates with weights (one template and weight 1 for a plain call). */
    public record Choice(List<Template> templates, int[] weights) {
        public Template pick(final java.util.SplittableRandom random) {
            int total = 0;
            for (final int w : weights) {
                total += w;
            }
            int x = random.nextInt(total);
            for (int i = 0; i < weights.length; i++) {
                x -= weights[i];
                if (x < 0) {
                    return templates.get(i);
                }
            }
            return templates.get(templates.size() - 1);
        }
    }

    /** Makes one concrete call (random offsets, generated data) from the process's random. */
    public interface Template {
        Syscall make(java.util.SplittableRandom random);

        /** The scenario text it came from, for traces and errors. */
        String source();
    }
}
