package org.splicelab.protocols;

/**
 * A {@link PageVector} used against its protocol: received twice, used after release, or its handle
 * forged. Always a bug in the simulator (references would be duplicated or lost), so it is thrown.
 */
public final class PageVectorStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public PageVectorStateException(final String message) {
        super(message);
    }
}
