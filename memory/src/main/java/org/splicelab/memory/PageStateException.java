package org.splicelab.memory;

/**
 * A broken page invariant, thrown only when the audit is {@linkplain PageAudit#strict() strict}
 * (tests that want the first misuse to stop them). Otherwise violations are counted and recorded.
 */
public final class PageStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient ViolationEvent event;

    public PageStateException(final ViolationEvent event) {
        super(event.toString());
        this.event = event;
    }

    public ViolationEvent event() {
        return event;
    }
}
