package org.splicelab.scenario;

/** A scenario file that cannot be used: the message names the file, the line, the key and what was expected. */
public final class ScenarioException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScenarioException(final String message) {
        super(message);
    }

    public ScenarioException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
