package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.List;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.KernelPolicy;
import org.splicelab.protocols.KernelModel;

/**
 * Which splice_read path a kernel design takes for each page source a test declares, in words: the
 * reason two designs' outcomes differ on a source that is not plain page cache (a relay file, a DAX
 * file; issue 13 part 5). Printed under each model's outcome for tests that declare such a source.
 * The words follow the policy the model runs ({@link KernelPolicy}), not a table of their own.
 */
final class SpliceReadPaths {
    /** The copy design's one path, whatever the source. */
    private static final String ALWAYS_A_COPY = "read_iter into the pipe's own pages (every splice is a copy)";

    private SpliceReadPaths() {
    }

    /** True when {@code test} declares a source whose path differs between designs beyond page-cache pages. */
    static boolean relevant(final LitmusTest test) {
        return test.declarations().stream().anyMatch(d -> d instanceof Declaration.Relay
            || d instanceof Declaration.File f && f.dax());
    }

    /** One line per source of {@code test}: {@code NAME (kind): path} under {@code model}. */
    static List<String> lines(final LitmusTest test, final KernelModel model) {
        final KernelPolicy policy = KernelPolicy.of(model, Kernel.Options.DEFAULT);
        final List<String> out = new ArrayList<>();
        for (final Declaration d : test.declarations()) {
            if (d instanceof Declaration.Relay r) {
                out.add(r.name() + " (relay file): " + relay(policy.relaySplice()));
            } else if (d instanceof Declaration.File f) {
                out.add(f.name() + (f.dax() ? " (DAX file): " + dax(policy) : " (page-cache file): " + pageCache(policy)));
            } else if (d instanceof Declaration.SocketPair u && u.kind() == Declaration.SocketPair.Kind.UDP) {
                out.add(u.name() + " (UDP sockets): " + (policy.splicesByCopy()
                    ? ALWAYS_A_COPY
                    : policy.spliceReadPath() == KernelPolicy.SpliceReadPath.DIRECT
                    ? "no proto splice_read: copy_splice_read copies one datagram into fresh pages"
                    : "no proto splice_read: generic_file_splice_read's read_iter copies one datagram into ITER_PIPE"
                    + " pages"));
            }
        }
        return out;
    }

    private static String relay(final KernelPolicy.RelaySplice how) {
        return switch (how) {
            case NONE -> "relay_file_operations has no splice_read (removed in 6.8): splice and sendfile are"
                + " EINVAL; only read(2) consumes, as it copies";
            case LEND -> "relay_file_splice_read lends the produced sub-buffers' pages (not mergeable); a pipe"
                + " buffer's release consumes its bytes, so the writer drops records until the pipe is read";
            case COPY -> "pipes hold only private pages: the sub-buffer is copied and its bytes consumed at the"
                + " splice, so the writer may reuse it at once";
        };
    }

    private static String dax(final KernelPolicy policy) {
        if (policy.splicesByCopy()) {
            return ALWAYS_A_COPY;
        }
        return switch (policy.spliceReadPath()) {
            case DIRECT -> "no page cache: vfs_splice_read takes copy_splice_read (IS_DAX), fresh private pages";
            case ITER_PIPE, ITER_PIPE_SEEKABLE -> "no page cache: generic_file_splice_read's read_iter"
                + " (dax_iomap_rw) copies into fresh ITER_PIPE pages";
        };
    }

    private static String pageCache(final KernelPolicy policy) {
        if (policy.splicesByCopy()) {
            return ALWAYS_A_COPY;
        }
        if (policy.pipesHoldOnlyPrivatePages()) {
            return "the cached page is stolen when only the cache holds it, else copied";
        }
        return switch (policy.spliceReadPath()) {
            case DIRECT -> "filemap_splice_read lends the cached pages";
            case ITER_PIPE, ITER_PIPE_SEEKABLE -> "copy_page_to_iter appends references to the cached pages"
                + " (ITER_PIPE)";
        };
    }
}
