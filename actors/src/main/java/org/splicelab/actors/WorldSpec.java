package org.splicelab.actors;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.protocols.CharDevice;
import org.splicelab.protocols.Filesystem;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.SocketKind;

/**
 * Everything a world starts with, by name: files (with contents), pipes, socket pairs, the open
 * descriptions processes hold, and the processes. A litmus test and a load scenario both compile to
 * one; {@link WorldBuilder} turns it into actors (for {@link Execution} and the scenario engine alike).
 */
public record WorldSpec(List<FileSpec> files, List<PipeSpec> pipes, List<SocketPairSpec> socketPairs,
                        List<DescriptorSpec> descriptors, List<ProcessSpec> processes, List<RelaySpec> relays) {
    /** A world without relay channels. */
    public WorldSpec(final List<FileSpec> files, final List<PipeSpec> pipes, final List<SocketPairSpec> socketPairs,
                     final List<DescriptorSpec> descriptors, final List<ProcessSpec> processes) {
        this(files, pipes, socketPairs, descriptors, processes, List.of());
    }

    /**
     * A relay channel (kernel/relay.c, one CPU buffer, no-overwrite) of {@code subbufs} sub-buffers of
     * {@code subbufSize} bytes, and its relay file (descriptor kind {@link Kind#RELAY}); its actor is
     * {@code relayfs-NAME}.
     */
    public record RelaySpec(String name, int subbufSize, int subbufs) {
    }

    /**
     * A regular file whose pages are all cached and up to date, on filesystem {@code fs} (null: none
     * named; the model then has no O_DIRECT alignment rule); {@code dax}: a DAX inode (mounted -o dax,
     * no page cache: splice and sendfile copy, {@link org.splicelab.protocols.OpenFile.RegularFile#copySpliceRead()}).
     */
    public record FileSpec(String name, byte[] data, Filesystem fs, boolean dax) {
        public FileSpec(final String name, final byte[] data) {
            this(name, data, null, false);
        }

        /** A page-cache (not DAX) file on {@code fs}. */
        public FileSpec(final String name, final byte[] data, final Filesystem fs) {
            this(name, data, fs, false);
        }
    }

    /**
     * A pipe of {@code slots} slots; {@code nonblock} sets O_NONBLOCK on both ends; {@code actor} names
     * its actor; {@code notification}: made with O_NOTIFICATION_PIPE (a watch queue, kernel/watch_queue.c),
     * and {@code notes} &gt; 0 sizes its queue at once (IOC_WATCH_QUEUE_SET_SIZE).
     */
    public record PipeSpec(String name, int slots, boolean nonblock, String actor, boolean notification, int notes) {
        /** A pipe whose actor is {@code pipe-NAME}. */
        public PipeSpec(final String name, final int slots, final boolean nonblock) {
            this(name, slots, nonblock, "pipe-" + name, false, 0);
        }

        /** A plain pipe whose actor is {@code actor}. */
        public PipeSpec(final String name, final int slots, final boolean nonblock, final String actor) {
            this(name, slots, nonblock, actor, false, 0);
        }
    }

    /**
     * A connected pair ({@link SocketKind}: AF_UNIX stream, TCP-like, or two connected UDP sockets);
     * {@code nonblock} sets O_NONBLOCK on both ends; its ends' actors are {@code actor-0} and {@code actor-1}.
     */
    public record SocketPairSpec(String name, SocketKind kind, boolean nonblock, String actor) {
        /** A pair whose actors are {@code sock-NAME-0} and {@code sock-NAME-1}. */
        public SocketPairSpec(final String name, final SocketKind kind, final boolean nonblock) {
            this(name, kind, nonblock, "sock-" + name);
        }

        /** A blocking stream pair (AF_UNIX, or TCP-like when {@code tcp}). */
        public SocketPairSpec(final String name, final boolean tcp) {
            this(name, tcp ? SocketKind.TCP : SocketKind.UNIX, false);
        }

        public boolean tcp() {
            return kind == SocketKind.TCP;
        }
    }

    /** What a descriptor opens ({@code /dev/null}, {@code /dev/zero}, {@code /dev/full} for the devices). */
    public enum Kind {
        FILE, PIPE_READ, PIPE_WRITE, SOCKET_0, SOCKET_1, NULL_DEVICE, ZERO_DEVICE, FULL_DEVICE, RELAY;

        /** The character device a device kind opens, or null. */
        public CharDevice device() {
            return switch (this) {
                case NULL_DEVICE -> CharDevice.NULL;
                case ZERO_DEVICE -> CharDevice.ZERO;
                case FULL_DEVICE -> CharDevice.FULL;
                default -> null;
            };
        }

        /** The kind that opens {@code device}. */
        public static Kind of(final CharDevice device) {
            return switch (device) {
                case NULL -> NULL_DEVICE;
                case ZERO -> ZERO_DEVICE;
                case FULL -> FULL_DEVICE;
            };
        }
    }

    /**
     * An open description named {@code name} (unique in the world; how process tables refer to it) on
     * object {@code object} (a file, pipe or socket-pair name); {@code label} is what the process and its
     * traces call it (the name, unless a private object's descriptor is named apart from other copies).
     * Processes whose tables name the same description share it (its file position, as after fork).
     */
    public record DescriptorSpec(String name, Kind kind, String object, OpenFlags flags, String label) {
        public DescriptorSpec(final String name, final Kind kind, final String object, final OpenFlags flags) {
            this(name, kind, object, flags, name);
        }
    }

    /**
     * A process: fd number → descriptor name (the inherited table), memory regions and program.
     * {@code sharesMemoryOf} names the process whose address space this one uses (another thread of
     * it, clone(CLONE_VM)), or is null for an address space of its own; {@code seed} seeds its workload
     * choices; {@code recordTrace} keeps registers and the trace (litmus), off for long workloads.
     */
    public record ProcessSpec(String name, Map<Integer, String> fds, List<Program.Region> regions,
                              List<Program.Step> steps, String sharesMemoryOf, long seed, boolean recordTrace) {
        public ProcessSpec(final String name, final Map<Integer, String> fds, final List<Program.Region> regions,
                           final List<Program.Step> steps) {
            this(name, fds, regions, steps, null);
        }

        /** A litmus process: seed 0, traced. */
        public ProcessSpec(final String name, final Map<Integer, String> fds, final List<Program.Region> regions,
                           final List<Program.Step> steps, final String sharesMemoryOf) {
            this(name, fds, regions, steps, sharesMemoryOf, 0, true);
        }
    }

    /**
     * Who holds each description: how many processes' tables name it (threads count one each, as each
     * thread closes its table's descriptors when it exits). A pipe end or socket end is told this count
     * when spawned, and reports EOF/EPIPE once that many closes arrived; the one holder count of a world.
     */
    public Map<String, Integer> holders() {
        final Map<String, Integer> holders = new HashMap<>();
        for (final ProcessSpec p : processes) {
            for (final String d : p.fds().values()) {
                holders.merge(d, 1, Integer::sum);
            }
        }
        return holders;
    }
}
