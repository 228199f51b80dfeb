/**
 * The deterministic runtime (RACE-HUNTING.md): one reused Akka Typed system whose actors all run on a
 * thread the caller drives ({@link org.splicelab.actors.deterministic.DeterministicRuntime}), with
 * {@code throughput = 1}, one FIFO per sender in every mailbox
 * ({@link org.splicelab.actors.deterministic.PerSenderMailbox}) and a virtual clock
 * ({@link org.splicelab.actors.deterministic.VirtualScheduler}). Every ordering Akka leaves open is a
 * choice made by a seeded {@link org.splicelab.actors.deterministic.Strategy} (uniform random, PCT over
 * the processes that caused the messages, uniform over interleavings of process steps, replay, or the
 * {@link org.splicelab.actors.deterministic.SourceDpor} partial-order reduction) and recorded as a
 * {@link org.splicelab.actors.deterministic.Decision}, so a run is repeated
 * exactly from its seed or from its decision list. It exists so that races between actors can be
 * hunted, replayed, shrunk and explained ({@link org.splicelab.actors.deterministic.Trace}); races on
 * the off-heap refcounts themselves need the real multi-threaded dispatcher instead.
 */
package org.splicelab.actors.deterministic;
