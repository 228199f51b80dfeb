package org.splicelab.memory;

/**
 * The invariant violations splicelab names. The first four are detected by {@link PageArena} itself,
 * {@link #STALE_PAGE_CACHE_LOOKUP} by {@link PageCache}; {@link #PAGE_CACHE_WRITTEN_THROUGH_PIPE} is
 * reported by the actors' invariant checker (a pipe write
 * that merges into a page owned by a page cache: Dirty Pipe). {@link #id()} is the name litmus
 * conditions use: {@code violation(refcount-underflow)}.
 */
public enum Violation {
    /** A {@code put} on a page whose refcount was already 0: more releases than references. */
    REFCOUNT_UNDERFLOW("refcount-underflow"),
    /** An operation through a {@link PageRef} whose frame has since been freed (stale generation). */
    USE_AFTER_FREE("use-after-free"),
    /** A frame still referenced when the arena was checked for leaks (every holder gone). */
    PAGE_LEAK("page-leak"),
    /** A steal (freeze or exclusive claim) succeeded while another holder still had a reference. */
    STOLEN_WHILE_SHARED("stolen-while-shared"),
    /** A pipe write landed in a page that belongs to a page cache (CVE-2022-0847). */
    PAGE_CACHE_WRITTEN_THROUGH_PIPE("page-cache-written-through-pipe"),
    /**
     * A lock-free page-cache lookup returned a page that had left its slot before the speculative
     * reference was taken (the re-check of {@code filemap_get_read_batch} was skipped).
     */
    STALE_PAGE_CACHE_LOOKUP("stale-page-cache-lookup");

    private final String id;

    Violation(final String id) {
        this.id = id;
    }

    /** The kebab-case name used in litmus files, reports and replay files. */
    public String id() {
        return id;
    }

    /** The violation named {@code id}, e.g. {@code "page-leak"}. */
    public static Violation fromId(final String id) {
        for (final Violation v : values()) {
            if (v.id.equals(id)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown violation '" + id + "'; expected one of "
            + java.util.Arrays.stream(values()).map(Violation::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }
}
