/**
 * The page arena: page frames and their headers in native memory, with the atomic operations the
 * kernel performs on a {@code struct page}/folio, and an audit that names every misuse.
 *
 * <p>Why it exists: splicelab's actors contend on page refcounts and flags exactly where kernel code
 * does, so those must be real atomics on shared memory, not per-actor bookkeeping. This package has
 * no Akka dependency (the Maven enforcer rule in {@code memory/pom.xml} keeps it that way); actors and
 * plain threads use it alike.
 *
 * <h2>Ordering names, mapped once to Chronicle calls</h2>
 * <ul>
 *   <li>"volatile" read/write: {@code BytesStore.readVolatileLong/writeVolatileLong} (sequentially
 *       consistent, as {@code VarHandle.getVolatile/setVolatile}).</li>
 *   <li>CAS: {@code BytesStore.compareAndSwapLong/compareAndSwapInt} (a full fence either way).</li>
 *   <li>"plain": {@code readInt/writeInt}; only for fields published by a later CAS or volatile store
 *       (the owner/index words, written by the page's owner before it hands the page on).</li>
 * </ul>
 * Page data itself is plain memory: who may write it, and when readers see it, is the kernel model's
 * business (that is the point of the simulation), exactly as in the kernel. Message passing between
 * actors gives the happens-before edge that makes a handed-over page's data visible.
 *
 * <h2>Thread contract</h2>
 * Every {@link org.splicelab.memory.PageArena} operation is lock-free and safe from any thread, and
 * allocates nothing on the heap unless it records a violation.
 */
package org.splicelab.memory;
