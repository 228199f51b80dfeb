package org.splicelab.kernel;

/** The kernel backend could not build or run something (a setup call failed, an errno with no litmus name). */
public final class KernelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KernelException(final String message) {
        super(message);
    }
}
