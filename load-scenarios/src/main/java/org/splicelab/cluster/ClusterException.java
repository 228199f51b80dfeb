package org.splicelab.cluster;

/** A cluster node that cannot start or join, or a bad cluster address: the message says which and why. */
public final class ClusterException extends RuntimeException {
    public ClusterException(final String message) {
        super(message);
    }

    public ClusterException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
