/**
 * The pipe-backed iterators of the {@code iter-pipe} and {@code iter-pipe-seekable} models, as plain
 * domain classes (no Akka): {@link org.splicelab.actors.iter.IterPipe} is Linux 4.9–6.4's
 * {@code ITER_PIPE} (over a {@code dirty-pipe} ring, the 5.8–5.16.10 stale flags that made Dirty Pipe
 * exploitable) and
 * {@link org.splicelab.actors.iter.SeekableIterPipe} is Viro's unmerged seekable proposal of April 2023.
 * Both implement {@link org.splicelab.actors.iter.PipeIterator}, the operations a filesystem's
 * {@code ->read_iter} applied to the pipe during {@code generic_file_splice_read}.
 *
 * <p>Why a package of its own: the two models differ only in how a splice-read fills the pipe, and the
 * question they answer ("can a borrowed page-cache page be written?") is settled here by property tests
 * against a byte-array reference, before any actor uses them. Conventions: an iterator works on the
 * pipe's one ring, seen through {@link org.splicelab.actors.iter.PipeBuffers} (the pipe actor's
 * {@code PipeRing}: no second ring, ADR 0015), whose slots each hold one page reference; one iterator
 * per pipe is reused for every splice-read; a splice-read runs from the first
 * iterator operation to {@code truncate()}/{@code abort()}, and the pipe's own {@code pipe_write} and
 * {@code pipe_read} run only between splices (the kernel holds the pipe lock across a splice-read);
 * positions count bytes from the splice's start; every write into page data is checked, and one that
 * lands in an {@code IN_PAGE_CACHE} page is counted and reported as
 * {@code page-cache-written-through-pipe}.
 */
package org.splicelab.actors.iter;
