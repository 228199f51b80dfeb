package org.splicelab.scenario;

import java.util.List;
import org.splicelab.protocols.Syscall;

/**
 * The system calls a scenario's loop may make, in the protocols' typed vocabulary ({@link Syscall}):
 * the scenario word of each, its length, and the same call at another file offset. One place that
 * dispatches on the call's type, so the parser, the engine and the budget never compare names.
 */
public final class ScenarioOps {
    /** The operation words a scenario file accepts. */
    public static final List<String> WORDS = List.of("fadvise", "fsync", "notify", "pread", "pwrite", "read",
        "relaywrite", "sendfile", "splice", "store", "tee", "truncate", "vmsplice", "write");

    /** The words of the calls that write data they carry. */
    static final java.util.Set<String> WRITES = java.util.Set.of("write", "pwrite", "store", "relaywrite");

    private ScenarioOps() {
    }

    /** The word a scenario file uses for {@code call} (strace's name, but {@code truncate} for ftruncate). */
    public static String word(final Syscall call) {
        if (call instanceof Syscall.PostNotification) {
            return "notify";
        }
        if (call instanceof Syscall.RelayWrite) {
            return "relaywrite";
        }
        return call instanceof Syscall.Truncate ? "truncate" : call.name();
    }

    /**
     * A {@code len}-byte note (8 to 127): a watch_notification header of type 0, subtype 0 and that
     * length, then {@code fill} bytes.
     */
    static byte[] note(final int len, final byte fill) {
        final byte[] note = new byte[len];
        java.util.Arrays.fill(note, 8, len, fill);
        note[4] = (byte) len;
        return note;
    }

    /** The length a scenario gave the call ({@code len}): bytes moved, written, or the size truncated to. */
    public static long len(final Syscall call) {
        if (call instanceof Syscall.Splice s) {
            return s.len();
        } else if (call instanceof Syscall.Tee t) {
            return t.len();
        } else if (call instanceof Syscall.Sendfile s) {
            return s.count();
        } else if (call instanceof Syscall.Vmsplice v) {
            return v.len();
        } else if (call instanceof Syscall.Read r) {
            return r.len();
        } else if (call instanceof Syscall.Pread r) {
            return r.len();
        } else if (call instanceof Syscall.Write w) {
            return w.data().length;
        } else if (call instanceof Syscall.Pwrite w) {
            return w.data().length;
        } else if (call instanceof Syscall.Store s) {
            return s.data().length;
        } else if (call instanceof Syscall.Truncate t) {
            return t.length();
        } else if (call instanceof Syscall.PostNotification n) {
            return n.note().length;
        } else if (call instanceof Syscall.RelayWrite w) {
            return w.data().length;
        }
        return 0;
    }

    /** Whether the call writes data it carries (write, pwrite, store): what its template keeps on the heap. */
    public static boolean carriesData(final Syscall call) {
        return call instanceof Syscall.Write || call instanceof Syscall.Pwrite || call instanceof Syscall.Store
            || call instanceof Syscall.RelayWrite;
    }

    /**
     * {@code call} at file offset {@code offset}: a splice's file side(s) (those with an explicit
     * offset), sendfile's input, pread's and pwrite's offset; any other call unchanged.
     */
    public static Syscall at(final Syscall call, final long offset) {
        if (call instanceof Syscall.Splice s) {
            return new Syscall.Splice(s.fdIn(), s.offIn() == Syscall.NO_OFFSET ? Syscall.NO_OFFSET : offset, s.fdOut(),
                s.offOut() == Syscall.NO_OFFSET ? Syscall.NO_OFFSET : offset, s.len(), s.flags());
        } else if (call instanceof Syscall.Sendfile s) {
            return new Syscall.Sendfile(s.fdOut(), s.fdIn(), offset, s.count());
        } else if (call instanceof Syscall.Pread r) {
            return new Syscall.Pread(r.fd(), offset, r.len());
        } else if (call instanceof Syscall.Pwrite w) {
            return new Syscall.Pwrite(w.fd(), offset, w.data());
        }
        return call;
    }
}
