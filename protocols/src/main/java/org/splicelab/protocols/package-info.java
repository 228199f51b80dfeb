/**
 * What the actors say to each other: page-ownership messages encoded in off-heap bytes
 * ({@link org.splicelab.protocols.PageVector}), the kernel's vocabulary (errno, splice flags, pipe
 * buffer flags, buffer ops kinds) and the kernel models as data.
 *
 * <p>Why it exists: the actors must agree on one encoding of "these page references now belong to
 * you", and that encoding must cost nothing per page (a 64 KiB splice is one message with 16 entries
 * in a pooled native slab; the Akka message carries only the slab's handle and count).
 */
package org.splicelab.protocols;
