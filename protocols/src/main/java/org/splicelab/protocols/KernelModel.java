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
    ITER_PIPE_SEEKABLE("iter-pipe-seekable", "Viro 2023 (not merged): seekable ITER_PIPE; borrowed pages never written"),
    PRIVATE_PAGES_RACY("private-pages-racy",
        "a real mistake: private-pages whose steal checks the refcount, then removes the page, without freezing it",
        PRIVATE_PAGES),
    LOOKUP_NO_RECHECK("lookup-no-recheck",
        "a real mistake: linux whose lock-free page-cache lookup skips the re-check after the speculative reference",
        LINUX);

    private final String id;
    private final String description;
    private final KernelModel base;

    KernelModel(final String id, final String description) {
        this(id, description, null);
    }

    KernelModel(final String id, final String description, final KernelModel base) {
        this.id = id;
        this.description = description;
        this.base = base;
    }

    /**
     * For a racy model (a design with one real mistake in it), the design it breaks; else this model.
     * Litmus conditions written for the design apply to its racy variants too.
     */
    public KernelModel base() {
        return base == null ? this : base;
    }

    /** True for the shipped models of real mistakes, which exist to be found by the hunter. */
    public boolean racy() {
        return base != null;
    }

    /** The designs (every model that is not a racy variant), for {@code --all-models}. */
    public static java.util.List<KernelModel> designs() {
        return Arrays.stream(values()).filter(m -> !m.racy()).toList();
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
