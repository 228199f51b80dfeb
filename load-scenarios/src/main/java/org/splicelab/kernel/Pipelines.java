package org.splicelab.kernel;

import com.sun.jna.Memory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole pipelines {@code splicelab calibrate --validate} measures on this host's kernel, one thread,
 * 64 KiB a step over a cached 16 MiB file: what the cost model's estimates are checked against (and
 * never calibrated on). Each is timed in loops of a budget after a warm-up loop, for some rounds; the
 * figure is nanoseconds per GiB delivered to the pipeline's end.
 */
public final class Pipelines {
    static final int CHUNK = 65536;
    private static final long FILE_SIZE = 16L << 20;

    /** The pipelines by name, with what each does. */
    public static final Map<String, String> NAMES = names();

    private static Map<String, String> names() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("splice", "splice file -> pipe, splice pipe -> /dev/null");
        m.put("sendfile", "sendfile file -> TCP socket, read(2) at the peer");
        m.put("read-write", "pread file -> user memory, write(2) it into a pipe, splice pipe -> /dev/null");
        return java.util.Collections.unmodifiableMap(m);
    }

    private Pipelines() {
    }

    /** The file, descriptors and buffers of the three pipelines. */
    public static final class Rig implements AutoCloseable {
        private final Path path;
        private final int file;
        private final int devNull;
        private final int[] pipe = new int[2];
        private final int[] tcp;
        private final Memory buf = new Memory(4L * CHUNK);
        private final Memory off = new Memory(8);
        private long pos;

        /** Writes the 16 MiB file in {@code dir} (4 KiB at a time), caches it, opens the pipe and a TCP pair. */
        public static Rig open(final Path dir) {
            final Path path;
            try {
                path = Files.createTempFile(dir, "splicelab-validate", ".data");
                try (OutputStream out = Files.newOutputStream(path)) {
                    final byte[] page = new byte[Calibrator.PAGE];
                    for (long p = 0; p < FILE_SIZE / Calibrator.PAGE; p++) {
                        java.util.Arrays.fill(page, (byte) p);
                        out.write(page);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new KernelException("could not write a 16 MiB file in " + dir + ": " + e.getMessage());
            }
            return new Rig(path);
        }

        /** Every pipeline once, each a loop of {@code budget}: name → nanoseconds per GiB. */
        public Map<String, Double> round(final long budget) {
            final Map<String, Double> m = new LinkedHashMap<>();
            NAMES.keySet().forEach(n -> m.put(n, time(n, budget)));
            return m;
        }

        private Rig(final Path path) {
            this.path = path;
            file = Calibrator.check(LibC.open(path.toString(), LibC.O_RDONLY, 0), "open " + path);
            devNull = Calibrator.check(LibC.open("/dev/null", LibC.O_WRONLY, 0), "open /dev/null");
            Calibrator.check(LibC.pipe(pipe), "pipe");
            tcp = KernelWorld.tcpPair();
            for (long p = 0; p < FILE_SIZE; p += CHUNK) {
                Calibrator.checkCount(LibC.pread(file, buf, CHUNK, p), CHUNK, "pread");
            }
        }

        /** Nanoseconds per GiB of {@code name} over a loop of {@code budget}. */
        double time(final String name, final long budget) {
            long bytes = 0;
            final long t0 = System.nanoTime();
            long t;
            do {
                for (int k = 0; k < 16; k++) {
                    bytes += step(name);
                }
                t = System.nanoTime();
            } while (t - t0 < budget);
            return (t - t0) / (double) bytes * (1L << 30);
        }

        private long step(final String name) {
            final long at = pos;
            pos = (pos + CHUNK) % FILE_SIZE;
            switch (name) {
                case "splice" -> {
                    off.setLong(0, at);
                    Calibrator.checkCount(LibC.splice(file, off, pipe[1], null, CHUNK, 0), CHUNK, "splice file -> pipe");
                    Calibrator.checkCount(LibC.splice(pipe[0], null, devNull, null, CHUNK, 0), CHUNK, "splice pipe -> /dev/null");
                }
                case "sendfile" -> {
                    off.setLong(0, at);
                    Calibrator.checkCount(LibC.sendfile(tcp[0], file, off, CHUNK), CHUNK, "sendfile file -> TCP");
                    long got = 0;
                    while (got < CHUNK) {
                        final long n = LibC.read(tcp[1], buf, 4L * CHUNK);
                        if (n <= 0) {
                            throw new KernelException("read from TCP returned " + n);
                        }
                        got += n;
                    }
                }
                case "read-write" -> {
                    Calibrator.checkCount(LibC.pread(file, buf, CHUNK, at), CHUNK, "pread");
                    Calibrator.checkCount(LibC.write(pipe[1], buf, CHUNK), CHUNK, "write into the pipe");
                    Calibrator.checkCount(LibC.splice(pipe[0], null, devNull, null, CHUNK, 0), CHUNK, "splice pipe -> /dev/null");
                }
                default -> throw new IllegalArgumentException(name);
            }
            return CHUNK;
        }

        @Override
        public void close() {
            for (final int fd : new int[] {file, devNull, pipe[0], pipe[1], tcp[0], tcp[1]}) {
                LibC.close(fd);
            }
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // a temporary file left behind is nothing to fail the validation for
            }
        }
    }
}
