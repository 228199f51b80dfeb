package org.splicelab.actors;

import java.util.List;
import java.util.Map;
import org.splicelab.protocols.Filesystem;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.Program;

/**
 * Everything one execution starts with, by name: files (with contents), pipes, socket pairs, the open
 * descriptions every process inherits, and the processes. {@link Execution} turns it into actors.
 */
public record WorldSpec(List<FileSpec> files, List<PipeSpec> pipes, List<SocketPairSpec> socketPairs,
                        List<DescriptorSpec> descriptors, List<ProcessSpec> processes) {

    /**
     * A regular file whose pages are all cached and up to date, on filesystem {@code fs} (null: none
     * named; the model then has no O_DIRECT alignment rule).
     */
    public record FileSpec(String name, byte[] data, Filesystem fs) {
        public FileSpec(final String name, final byte[] data) {
            this(name, data, null);
        }
    }

    /** A pipe of {@code slots} slots; {@code nonblock} sets O_NONBLOCK on both ends. */
    public record PipeSpec(String name, int slots, boolean nonblock) {
    }

    /** A connected stream pair (AF_UNIX or TCP-like). */
    public record SocketPairSpec(String name, boolean tcp) {
    }

    /** What a descriptor opens. */
    public enum Kind { FILE, PIPE_READ, PIPE_WRITE, SOCKET_0, SOCKET_1 }

    /**
     * An open description named {@code name} (how programs and traces refer to it) on object
     * {@code object} (a file, pipe or socket-pair name).
     */
    public record DescriptorSpec(String name, Kind kind, String object, OpenFlags flags) {
    }

    /**
     * A process: fd number → descriptor name (the inherited table), memory regions and program.
     * {@code sharesMemoryOf} names the process whose address space this one uses (another thread of
     * it, clone(CLONE_VM)), or is null for an address space of its own.
     */
    public record ProcessSpec(String name, Map<Integer, String> fds, List<Program.Region> regions,
                              List<Program.Step> steps, String sharesMemoryOf) {
        public ProcessSpec(final String name, final Map<Integer, String> fds, final List<Program.Region> regions,
                           final List<Program.Step> steps) {
            this(name, fds, regions, steps, null);
        }
    }
}
