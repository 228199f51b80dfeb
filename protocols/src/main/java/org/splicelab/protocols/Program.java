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
 */
public record Program(String name, Map<Integer, OpenFile> fds, List<Region> regions, List<Step> steps) {

    /** Page-aligned anonymous memory {@code size} bytes long, every byte {@code fill}. */
    public record Region(String name, long size, byte fill) {
    }

    /** One step of a program. */
    public sealed interface Step permits Call, Repeat {
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
}
