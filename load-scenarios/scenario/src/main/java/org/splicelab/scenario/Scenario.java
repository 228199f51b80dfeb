package org.splicelab.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.Syscall;

/**
 * A parsed, validated load scenario (see README "Scenario files"): objects, roles with their loops,
 * run length, model, seed, faults and assertions.
 */
public record Scenario(String name, String description, KernelModel model, long seed, Duration duration,
                       long iterations, int arenaFrames, Duration sampleInterval, boolean stealOnlyWithMove,
                       Map<String, FileDef> files, Map<String, PipeDef> pipes, Map<String, SocketDef> sockets,
                       List<Role> roles, List<Fault> faults, Assertions assertions, Map<String, RelayDef> relays) {

    /**
     * A relay channel shared by every process (kernel/relay.c, one CPU buffer): {@code subbufs}
     * sub-buffers of {@code subbufSize} bytes; its relay file is the operand {@code NAME}.
     */
    public record RelayDef(String name, int subbufSize, int subbufs) {
    }

    /** A file with {@code size} bytes of {@code fill} (every byte), or a repeating pattern when fill is empty. */
    public record FileDef(String name, long size, String fill, boolean dax) {
        /** A page-cache (not DAX) file. */
        public FileDef(final String name, final long size, final String fill) {
            this(name, size, fill, false);
        }
    }

    /** A pipe; {@code notification}: a notification pipe whose watch queue holds {@code notes} notes. */
    public record PipeDef(String name, long size, boolean nonblock, boolean notification, int notes) {
        public PipeDef(final String name, final long size, final boolean nonblock) {
            this(name, size, nonblock, false, 0);
        }
    }

    /** A socket pair: {@code kind} is unix, tcp or udp. */
    public record SocketDef(String name, org.splicelab.protocols.SocketKind kind, boolean nonblock) {
        public boolean tcp() {
            return kind == org.splicelab.protocols.SocketKind.TCP;
        }
    }

    public record MemDef(String name, long size, byte fill) {
    }

    /**
     * {@code count} processes running {@code loop}; objects in {@code pipes}/{@code sockets}/{@code memory}
     * are private to each process. {@code fds} names the descriptors the loop uses, in the order it
     * first names them: fd {@link #FIRST_FD} + i is {@code fds.get(i)} in every process of the role (its
     * operations' {@link Syscall}s carry those numbers, and memory regions as indices into {@code memory}).
     */
    public record Role(String name, int count, Map<String, PipeDef> pipes, Map<String, SocketDef> sockets,
                       Map<String, MemDef> memory, Duration thinkTime, double rate, List<List<Op>> loop, int threads,
                       List<String> fds) {
        /** The first descriptor number a role's table uses (0, 1 and 2 are stdio). */
        public static final int FIRST_FD = 3;
    }

    /**
     * One operation template: the system call it makes; {@code offsets > 0}: each call picks one of the
     * first {@code offsets} page-aligned offsets of its file (uniformly) for the call's file side(s)
     * instead of the fixed one ({@code offset = random}); 0: always {@link #call} as it is.
     */
    public record Op(Syscall call, long offsets, int weight, String source) {
        /** Whether each call draws its offset ({@code offset = random}). */
        public boolean randomOffset() {
            return offsets > 0;
        }

        /** The concrete call: {@link #call} itself, or a copy at a fresh random offset drawn from {@code r}. */
        public Syscall make(final SplittableRandom r) {
            return offsets == 0 ? call : ScenarioOps.at(call, r.nextLong(offsets) * 4096);
        }

        /** How many bytes the call moves, writes or truncates to (its {@code len} in the scenario). */
        public long len() {
            return ScenarioOps.len(call);
        }

        /** The operation's name in a scenario file ({@code splice}, {@code truncate}, ...). */
        public String op() {
            return ScenarioOps.word(call);
        }
    }

    /** A fault injected every {@code every} (with jitter from the seed). */
    public record Fault(Kind kind, String target, Duration every) {
        public enum Kind { KILL_PROCESS, RESTART_PIPE, RESET_SOCKET }
    }

    /** Pass/fail criteria; null means "not checked". */
    public record Assertions(Long maxViolations, Long maxLeakedPages, Double minSyscallsPerSecond,
                             Double minBytesPerSecond, Double maxCopyRatio, Boolean bytesBalanced) {
    }
}
