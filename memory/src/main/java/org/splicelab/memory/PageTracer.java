package org.splicelab.memory;

/**
 * Sees every refcount change {@link PageArena} makes (and the steal checks that change nothing), on
 * the thread that made it, after it happened. Used by the deterministic runtime's readable traces;
 * off ({@code null}) everywhere else, where it costs one field read per operation and allocates
 * nothing. Implementations must not call back into the arena's refcount operations.
 */
@FunctionalInterface
public interface PageTracer {
    /**
     * @param operation the kernel function modelled: {@code "alloc"}, {@code "get"}, {@code "tryGet"},
     *                  {@code "tryGet-failed"}, {@code "put"}, {@code "freeze"}, {@code "freeze-failed"},
     *                  {@code "unfreeze"}, {@code "claimExclusive"}
     * @param ref       the page
     * @param before    the refcount before ({@link PageArena#FROZEN} when frozen, 0 when free)
     * @param after     the refcount after
     */
    void refCountChanged(String operation, long ref, int before, int after);
}
