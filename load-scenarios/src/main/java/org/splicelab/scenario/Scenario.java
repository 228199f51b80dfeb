package org.splicelab.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.splicelab.protocols.KernelModel;

/**
 * A parsed, validated load scenario (see README "Scenario files"): objects, roles with their loops,
 * run length, model, seed, faults and assertions.
 */
public record Scenario(String name, String description, KernelModel model, long seed, Duration duration,
                       long iterations, int arenaFrames, Duration sampleInterval, boolean stealOnlyWithMove,
                       Map<String, FileDef> files, Map<String, PipeDef> pipes, Map<String, SocketDef> sockets,
                       List<Role> roles, List<Fault> faults, Assertions assertions) {

    /** A file with {@code size} bytes of {@code fill} (every byte), or a repeating pattern when fill is empty. */
    public record FileDef(String name, long size, String fill) {
    }

    public record PipeDef(String name, long size, boolean nonblock) {
    }

    public record SocketDef(String name, boolean tcp, boolean nonblock) {
    }

    public record MemDef(String name, long size, byte fill) {
    }

    /**
     * {@code count} processes running {@code loop}; objects in {@code pipes}/{@code sockets}/{@code memory}
     * are private to each process.
     */
    public record Role(String name, int count, Map<String, PipeDef> pipes, Map<String, SocketDef> sockets,
                       Map<String, MemDef> memory, Duration thinkTime, double rate, List<List<Op>> loop, int threads) {
        /** A role of single-threaded processes. */
        public Role(final String name, final int count, final Map<String, PipeDef> pipes,
                    final Map<String, SocketDef> sockets, final Map<String, MemDef> memory, final Duration thinkTime,
                    final double rate, final List<List<Op>> loop) {
            this(name, count, pipes, sockets, memory, thinkTime, rate, loop, 1);
        }
    }

    /**
     * One operation template: {@code op} with operands by name; {@code offset < 0} with
     * {@code randomOffset} picks a page-aligned offset in the file each time.
     */
    public record Op(String op, String in, String out, String fd, String mem, long len, long offset,
                     boolean randomOffset, int flags, byte fill, int weight, String source) {
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
