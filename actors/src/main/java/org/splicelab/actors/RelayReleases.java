package org.splicelab.actors;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Where a released {@link org.splicelab.protocols.OpsKind#RELAY} pipe buffer's accounting goes: the
 * kernel's relay_pipe_buf_release finds its channel through the page ({@code page_private}); here each
 * live channel registers its frames with the callback that tells its owner. Registered while a world is
 * built, dropped when the owner stops; read by any pipe's thread. No allocation per lookup.
 */
public final class RelayReleases {
    private record Channel(long[] sortedPages, IntConsumer owner) {
    }

    private volatile Channel[] channels = new Channel[0];

    /** Registers a channel's frames; {@code owner} receives the bytes each released buffer accounts. */
    synchronized Object register(final long[] pages, final IntConsumer owner) {
        final long[] sorted = pages.clone();
        Arrays.sort(sorted);
        final Channel c = new Channel(sorted, owner);
        final Channel[] next = Arrays.copyOf(channels, channels.length + 1);
        next[next.length - 1] = c;
        channels = next;
        return c;
    }

    /** Drops a registration {@link #register} returned. */
    synchronized void unregister(final Object registration) {
        channels = Arrays.stream(channels).filter(c -> c != registration).toArray(Channel[]::new);
    }

    /**
     * A pipe released a relay buffer on {@code page} whose {@code private} word was {@code bytes}.
     * Returns false when no live channel owns the page (its channel is gone: nothing to account).
     */
    boolean released(final long page, final int bytes) {
        for (final Channel c : channels) {
            if (Arrays.binarySearch(c.sortedPages, page) >= 0) {
                c.owner.accept(bytes);
                return true;
            }
        }
        return false;
    }
}
