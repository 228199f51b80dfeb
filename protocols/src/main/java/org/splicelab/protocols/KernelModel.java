package org.splicelab.protocols;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kernel designs splicelab can run (DESIGN.md, SEMANTICS.md §2–4). The actors consult the model
 * at each decision point; there is one copy of the syscall code.
 */
public enum KernelModel {
    LINUX("linux", "today's kernel (6.5+): copy by reference, SPLICE_F_MOVE a no-op, tee shares pages"),
    PRIVATE_PAGES("private-pages", "Howells 2023: pipes hold only private pages; steal from the cache or copy"),
    COPY("copy", "2026 proposals: splice and vmsplice into a pipe behave as read/write (always copy)"),
    DIRTY_PIPE("dirty-pipe", "Linux 5.8-5.16.10: new slots keep stale flags, CAN_MERGE can reach the page cache"),
    ITER_PIPE("iter-pipe", "Linux 4.9-6.4: splice-read through the ITER_PIPE iterator"),
    ITER_PIPE_SEEKABLE("iter-pipe-seekable", "Viro 2023 (not merged): seekable ITER_PIPE; borrowed pages never written");

    private final String id;
    private final String description;

    KernelModel(final String id, final String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line, in litmus files and in reports. */
    public String id() {
        return id;
    }

    /** One line saying what the model is. */
    public String description() {
        return description;
    }

    /** The model named {@code id}; the exception lists the valid names. */
    public static KernelModel fromId(final String id) {
        for (final KernelModel m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown model '" + id + "'; expected one of " + ids());
    }

    /** {@code linux, private-pages, ...}. */
    public static String ids() {
        return Arrays.stream(values()).map(KernelModel::id).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return id;
    }
}
