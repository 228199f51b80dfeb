package org.splicelab.litmus;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.splicelab.protocols.SpliceFlag;

/**
 * One call in a process, with its operands resolved. Offsets are present only where the source wrote
 * {@code X@OFF}; {@code flags} are {@code SPLICE_F_*} bits ({@link SpliceFlag}), 0 when none were written.
 */
public sealed interface Op {
    /** The statement keyword ({@code splice}, {@code vmsplice}...). */
    String keyword();

    /** The memory regions this call touches (the process that uses a {@code mem} owns it). */
    default Optional<MemRef> memory() {
        return Optional.empty();
    }

    /** False only for {@code store}, which cannot be assigned to a register. */
    default boolean hasResult() {
        return true;
    }

    /** {@code splice SRC[@OFF] -> DST[@OFF] LEN [flags]}. */
    record Splice(FdRef in, OptionalLong inOffset, FdRef out, OptionalLong outOffset, long length, int flags)
        implements Op {
        public Splice {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(inOffset, "inOffset");
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(outOffset, "outOffset");
        }

        @Override
        public String keyword() {
            return "splice";
        }
    }

    /** {@code vmsplice M[@OFF] -> P LEN [flags]}, or {@code vmsplice [] -> P 0} when {@code source} is empty. */
    record VmspliceToPipe(Optional<MemRef> source, FdRef pipe, long length, int flags) implements Op {
        public VmspliceToPipe {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(pipe, "pipe");
        }

        @Override
        public String keyword() {
            return "vmsplice";
        }

        @Override
        public Optional<MemRef> memory() {
            return source;
        }
    }

    /** {@code vmsplice P -> M[@OFF] LEN [flags]}: copies out of the pipe into {@code target}. */
    record VmspliceFromPipe(FdRef pipe, MemRef target, long length, int flags) implements Op {
        public VmspliceFromPipe {
            Objects.requireNonNull(pipe, "pipe");
            Objects.requireNonNull(target, "target");
        }

        @Override
        public String keyword() {
            return "vmsplice";
        }

        @Override
        public Optional<MemRef> memory() {
            return Optional.of(target);
        }
    }

    /** {@code tee SRC -> DST LEN [flags]}. */
    record Tee(FdRef in, FdRef out, long length, int flags) implements Op {
        public Tee {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(out, "out");
        }

        @Override
        public String keyword() {
            return "tee";
        }
    }

    /** {@code sendfile SRC[@OFF] -> DST LEN}. */
    record Sendfile(FdRef in, OptionalLong inOffset, FdRef out, long length) implements Op {
        public Sendfile {
            Objects.requireNonNull(in, "in");
            Objects.requireNonNull(inOffset, "inOffset");
            Objects.requireNonNull(out, "out");
        }

        @Override
        public String keyword() {
            return "sendfile";
        }
    }

    /** {@code read FD LEN}: the bytes read, {@code ""} at EOF. */
    record Read(FdRef fd, long length) implements Op {
        public Read {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "read";
        }
    }

    /** {@code pread F@OFF LEN}. */
    record Pread(FdRef fd, long offset, long length) implements Op {
        public Pread {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "pread";
        }
    }

    /** {@code write FD LIT}. */
    record Write(FdRef fd, Bytes data) implements Op {
        public Write {
            Objects.requireNonNull(fd, "fd");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String keyword() {
            return "write";
        }
    }

    /** {@code pwrite F@OFF LIT}. */
    record Pwrite(FdRef fd, long offset, Bytes data) implements Op {
        public Pwrite {
            Objects.requireNonNull(fd, "fd");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String keyword() {
            return "pwrite";
        }
    }

    /** {@code truncate F LEN} (ftruncate on the descriptor). */
    record Truncate(FdRef fd, long length) implements Op {
        public Truncate {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "truncate";
        }
    }

    /** {@code fsync F}. */
    record Fsync(FdRef fd) implements Op {
        public Fsync {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "fsync";
        }
    }

    /** {@code fadvise F dontneed} (posix_fadvise over the whole file). */
    record Fadvise(FdRef fd, Advice advice) implements Op {
        /** The advice given; only POSIX_FADV_DONTNEED is modelled. */
        public enum Advice { DONTNEED }

        public Fadvise {
            Objects.requireNonNull(fd, "fd");
            Objects.requireNonNull(advice, "advice");
        }

        @Override
        public String keyword() {
            return "fadvise";
        }
    }

    /** {@code size F}: st_size. */
    record Size(FdRef fd) implements Op {
        public Size {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "size";
        }
    }

    /** {@code setpipe P N}: F_SETPIPE_SZ. */
    record SetPipe(FdRef pipe, long size) implements Op {
        public SetPipe {
            Objects.requireNonNull(pipe, "pipe");
        }

        @Override
        public String keyword() {
            return "setpipe";
        }
    }

    /** {@code getpipe P}: F_GETPIPE_SZ. */
    record GetPipe(FdRef pipe) implements Op {
        public GetPipe {
            Objects.requireNonNull(pipe, "pipe");
        }

        @Override
        public String keyword() {
            return "getpipe";
        }
    }

    /** {@code watchsize P N}: ioctl(IOC_WATCH_QUEUE_SET_SIZE, N) on a notification pipe. */
    record WatchSize(FdRef pipe, long notes) implements Op {
        public WatchSize {
            Objects.requireNonNull(pipe, "pipe");
        }

        @Override
        public String keyword() {
            return "watchsize";
        }
    }

    /**
     * {@code notify P [type=N] [subtype=N] [id=N] [data=LIT]}: the kernel posts a notification into
     * notification pipe P (as a watched key's change would): the record is {@code struct
     * watch_notification} (type:24 | subtype:8, then info = length | id << 8, little-endian) and the data.
     */
    record Notify(FdRef pipe, int type, int subtype, int id, Bytes data) implements Op {
        /** WATCH_INFO_LENGTH (127) less the 8-byte header. */
        public static final int MAX_DATA = 127 - 8;

        public Notify {
            Objects.requireNonNull(pipe, "pipe");
            Objects.requireNonNull(data, "data");
        }

        /** The whole record, header first. */
        public byte[] note() {
            final byte[] d = data.data();
            final byte[] out = new byte[8 + d.length];
            final int word = type | subtype << 24;
            final int info = out.length | id << 8;
            for (int i = 0; i < 4; i++) {
                out[i] = (byte) (word >>> (8 * i));
                out[4 + i] = (byte) (info >>> (8 * i));
            }
            System.arraycopy(d, 0, out, 8, d.length);
            return out;
        }

        @Override
        public String keyword() {
            return "notify";
        }
    }

    /**
     * {@code relaywrite R LIT}: the kernel's {@code relay_write} of a record into relay channel R (a
     * tracer's record; no user-space call makes one). The result is the bytes written, 0 when dropped.
     */
    record RelayWrite(FdRef relay, Bytes data) implements Op {
        public RelayWrite {
            Objects.requireNonNull(relay, "relay");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String keyword() {
            return "relaywrite";
        }
    }

    /** {@code fionread P}: the bytes queued in the pipe. */
    record Fionread(FdRef pipe) implements Op {
        public Fionread {
            Objects.requireNonNull(pipe, "pipe");
        }

        @Override
        public String keyword() {
            return "fionread";
        }
    }

    /** {@code close FD}. */
    record Close(FdRef fd) implements Op {
        public Close {
            Objects.requireNonNull(fd, "fd");
        }

        @Override
        public String keyword() {
            return "close";
        }
    }

    /** {@code store M@OFF LIT}: the process writes its own memory; no result. */
    record Store(MemRef target, Bytes data) implements Op {
        public Store {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String keyword() {
            return "store";
        }

        @Override
        public Optional<MemRef> memory() {
            return Optional.of(target);
        }

        @Override
        public boolean hasResult() {
            return false;
        }
    }

    /** {@code load M@OFF LEN}: the process reads its own memory. */
    record Load(MemRef source, long length) implements Op {
        public Load {
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String keyword() {
            return "load";
        }

        @Override
        public Optional<MemRef> memory() {
            return Optional.of(source);
        }
    }
}
