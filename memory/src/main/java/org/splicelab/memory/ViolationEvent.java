package org.splicelab.memory;

/**
 * One recorded violation: what was violated, on which page, by which operation, with the refcount
 * word seen. {@code sequence} orders events across threads (a global counter in the audit).
 */
public record ViolationEvent(
    long sequence, Violation violation, long pageRef, String operation, String detail, String thread) {

    @Override
    public String toString() {
        return "#" + sequence + " " + violation.id() + " on " + PageRef.toString(pageRef) + " in " + operation
            + (detail.isEmpty() ? "" : " (" + detail + ")") + " [" + thread + "]";
    }
}
