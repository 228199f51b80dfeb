package org.splicelab.actors;

import java.util.concurrent.atomic.LongAdder;

/**
 * Figures every run counts (DESIGN.md, "Kernel models"): bytes moved by reference versus copied, and
 * (for the models that steal) steal attempts and their outcome. Any thread; {@link LongAdder}s.
 */
public final class KernelStats {
    /** Bytes that entered a pipe or socket as a page reference (zero-copy). */
    public final LongAdder bytesByReference = new LongAdder();
    /**
     * Bytes copied on the way into a pipe, socket or file (write, splice copies, tee/vmsplice copies).
     * A read into the reader's own buffer is the delivery every model makes, so it is not counted.
     */
    public final LongAdder bytesCopied = new LongAdder();
    /** Pages that entered a pipe or socket by reference. */
    public final LongAdder pagesByReference = new LongAdder();
    /** Pages that were filled by copying. */
    public final LongAdder pagesCopied = new LongAdder();
    /** System calls completed. */
    public final LongAdder syscalls = new LongAdder();
    /** System calls that returned an errno. */
    public final LongAdder errors = new LongAdder();
    /** Steal attempts (private-pages: file → pipe, vmsplice with GIFT). */
    public final LongAdder stealsTried = new LongAdder();
    /** Steals that succeeded. */
    public final LongAdder stealsSucceeded = new LongAdder();
    /** Page-cache misses read back from disk (after fadvise, truncate, reclaim or a steal). */
    public final LongAdder refills = new LongAdder();
    /** Clean cached pages evicted by direct reclaim when an allocation found the arena empty. */
    public final LongAdder reclaimed = new LongAdder();
    /** Page-cache misses on a page that a steal had taken out of the cache. */
    public final LongAdder refillsAfterSteal = new LongAdder();
    /** Lock-free page-cache and address-space lookups: hits, misses, retries (frozen / changed). */
    public final org.splicelab.memory.LookupTotals lookups = new org.splicelab.memory.LookupTotals();
    /** Notes the kernel posted into notification pipes, and those lost (ring full, or no free note slot). */
    public final LongAdder notesPosted = new LongAdder();
    public final LongAdder notesLost = new LongAdder();
    /**
     * Records the kernel wrote into relay channels, those dropped (no free sub-buffer, or larger than one),
     * and the bytes released relay pipe buffers accounted as consumed.
     */
    public final LongAdder relayRecords = new LongAdder();
    public final LongAdder relayDropped = new LongAdder();
    public final LongAdder relayConsumedOnRelease = new LongAdder();
    /** Reads that saw a zero-copy buffer's page changed after the splice (or vmsplice) returned. */
    public final LongAdder postSpliceChanges = new LongAdder();
    /** Requests a pipe served under its mutex (pipe_lock): every call on a pipe, and a woken one again. */
    public final LongAdder pipeLocks = new LongAdder();
    /** Calls parked until data or room (a pipe's rd_wait/wr_wait, a socket's wait): each a blocked wait. */
    public final LongAdder blockedWaits = new LongAdder();
    /** Parked calls woken by the object they waited on. */
    public final LongAdder wakeups = new LongAdder();
    /** Sends into a socket (write, and each sendmsg a splice or sendfile makes): one trip through the protocol. */
    public final LongAdder socketSends = new LongAdder();
    /** Pages queued on a socket (by reference or copied): each a frag of an skb the protocol carries. */
    public final LongAdder socketPages = new LongAdder();
    /** Of {@link #socketPages}, those filled by copying (a write(2) into the socket). */
    public final LongAdder socketPagesCopied = new LongAdder();
    /** Bytes write(2)/pwrite(2) copied out of a process's memory (into a pipe, socket or file). */
    public final LongAdder bytesFromUser = new LongAdder();
    /** Bytes read(2)/pread(2)/vmspliced from a file, pipe or socket into a process's memory (copy_to_user). */
    public final LongAdder bytesToUser = new LongAdder();
    /**
     * Bytes that reached the end of a pipeline: read from a pipe or socket into a process's memory, or
     * written, spliced or sent into /dev/null (the "bytes served" of the cost estimates).
     */
    public final LongAdder bytesDelivered = new LongAdder();
    private final LongAdder[] stealFailures = new LongAdder[StealFailure.values().length];
    /** Bytes that entered a pipe or a socket queue (written, spliced, moved or teed in). */
    public final LongAdder bytesIn = new LongAdder();
    /** Bytes that left a pipe or a socket queue to a reader or another object. */
    public final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] discarded = new LongAdder[Discard.values().length];
    /**
     * Workload processes' results per loop element (its source, {@code FILE:LINE op}): slot 0 the calls,
     * slot 1 + {@link org.splicelab.protocols.Errno#ordinal()} the calls that returned that errno.
     * Each process adds its own counts when it exits ({@link #addResults}).
     */
    private final java.util.Map<String, long[]> results = new java.util.LinkedHashMap<>();

    /** Why bytes left a pipe or socket without being read. */
    public enum Discard {
        /** The pipe's last holder closed it with data inside. */
        PIPE_CLOSED("pipe-closed"),
        /** A restarted pipe released its buffers. */
        PIPE_RESTART("pipe-restart"),
        /** A PACKET buffer's unread rest. */
        PACKET_TAIL("packet-tail"),
        /** A socket end closed with data queued. */
        SOCKET_CLOSED("socket-closed"),
        /** A socket reset dropped its queue. */
        SOCKET_RESET("socket-reset"),
        /** The unread rest of a UDP datagram that a read or splice took only part of (MSG_TRUNC). */
        DATAGRAM_TRUNCATED("datagram-truncated"),
        /**
         * A UDP datagram that never reached the queue: the receive queue was full, the receiver had closed,
         * or a corked datagram was flushed by an EMSGSIZE send.
         */
        DATAGRAM_DROPPED("datagram-dropped"),
        /** Still queued when the run ended and every object released its pages. */
        END_OF_RUN("end-of-run");

        private final String id;

        Discard(final String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** Counts bytes that left an object unread, by cause. */
    public void discarded(final Discard cause, final long bytes) {
        discarded[cause.ordinal()].add(bytes);
    }

    /** Discarded bytes by cause id (every cause, zeros included). */
    public java.util.Map<String, Long> discarded() {
        final java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        for (final Discard d : Discard.values()) {
            m.put(d.id(), discarded[d.ordinal()].sum());
        }
        return m;
    }

    /** Why a steal failed. */
    public enum StealFailure {
        /** Someone besides the cache and the caller holds the page (or, for a user page, it is mapped). */
        SHARED("shared"),
        /** The page is dirty: remove_mapping refuses it. */
        DIRTY("dirty"),
        /** The page is locked by someone else. */
        LOCKED("locked"),
        /** Write-back is in flight. */
        WRITEBACK("writeback"),
        /** The page had already left the cache (truncated, evicted or stolen) when the steal locked it. */
        REMOVED("removed"),
        /**
         * A socket's page (private-pages: socket → pipe): {@code nosteal_pipe_buf_ops} has no try_steal,
         * so it is never stolen and the piece is copied instead.
         */
        SOCKET("socket"),
        /**
         * A relay channel's sub-buffer page (private-pages: relay → pipe): the channel's own memory, which
         * its writer reuses once the bytes are consumed, so the piece is copied instead.
         */
        RELAY("relay");

        /** The failure a steal outcome stands for (null for success). */
        public static StealFailure of(final org.splicelab.memory.StealOutcome outcome) {
            return switch (outcome) {
                case STOLEN -> null;
                case SHARED -> SHARED;
                case DIRTY -> DIRTY;
                case LOCKED -> LOCKED;
                case WRITEBACK -> WRITEBACK;
                case REMOVED -> REMOVED;
            };
        }

        private final String id;

        StealFailure(final String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public KernelStats() {
        for (int i = 0; i < stealFailures.length; i++) {
            stealFailures[i] = new LongAdder();
        }
        for (int i = 0; i < discarded.length; i++) {
            discarded[i] = new LongAdder();
        }
    }

    /** Adds one process's per-loop-element counts (see {@link #results()}). */
    public void addResults(final java.util.Map<String, long[]> counts) {
        synchronized (results) {
            counts.forEach((source, c) -> {
                final long[] into = results.computeIfAbsent(source, k -> new long[c.length]);
                for (int i = 0; i < c.length; i++) {
                    into[i] += c[i];
                }
            });
        }
    }

    /** A copy of the per-loop-element counts: source → {calls, then one count per errno by ordinal}. */
    public java.util.Map<String, long[]> results() {
        synchronized (results) {
            final java.util.Map<String, long[]> copy = new java.util.LinkedHashMap<>();
            results.forEach((k, v) -> copy.put(k, v.clone()));
            return copy;
        }
    }

    /** Counts a failed steal. */
    public void stealFailed(final StealFailure why) {
        stealFailures[why.ordinal()].increment();
    }

    /** Failed steals for one reason. */
    public long stealFailures(final StealFailure why) {
        return stealFailures[why.ordinal()].sum();
    }

    /** Forgets every figure (between executions that reuse one kernel). */
    public void reset() {
        for (final LongAdder a : new LongAdder[] {bytesByReference, bytesCopied, pagesByReference, pagesCopied,
            syscalls, errors, stealsTried, stealsSucceeded, refillsAfterSteal, postSpliceChanges, bytesIn, bytesOut,
            refills, reclaimed, pipeLocks, blockedWaits, wakeups, socketSends, bytesToUser, bytesDelivered, socketPages, socketPagesCopied, bytesFromUser, notesPosted, notesLost}) {
            a.reset();
        }
        for (final LongAdder a : stealFailures) {
            a.reset();
        }
        lookups.reset();
        for (final LongAdder a : discarded) {
            a.reset();
        }
        synchronized (results) {
            results.clear();
        }
    }

    /** Every figure by name (steal failures as {@code steal-failed-REASON}), for reports and --stats. */
    public java.util.Map<String, Long> snapshot() {
        final java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("syscalls", syscalls.sum());
        m.put("errors", errors.sum());
        m.put("bytes-by-reference", bytesByReference.sum());
        m.put("bytes-copied", bytesCopied.sum());
        m.put("pages-by-reference", pagesByReference.sum());
        m.put("pages-copied", pagesCopied.sum());
        m.put("steals-tried", stealsTried.sum());
        m.put("steals-succeeded", stealsSucceeded.sum());
        for (final StealFailure f : StealFailure.values()) {
            m.put("steal-failed-" + f.id(), stealFailures(f));
        }
        m.put("refills-after-steal", refillsAfterSteal.sum());
        m.put("post-splice-changes", postSpliceChanges.sum());
        m.put("refills", refills.sum());
        m.put("reclaimed", reclaimed.sum());
        m.put("lookups", lookups.lookups.sum());
        m.put("lookup-hits", lookups.hits.sum());
        m.put("lookup-misses", lookups.misses.sum());
        m.put("lookup-retries-frozen", lookups.retriesFrozen.sum());
        m.put("lookup-retries-changed", lookups.retriesChanged.sum());
        m.put("pipe-locks", pipeLocks.sum());
        m.put("blocked-waits", blockedWaits.sum());
        m.put("wakeups", wakeups.sum());
        m.put("socket-sends", socketSends.sum());
        m.put("bytes-to-user", bytesToUser.sum());
        m.put("bytes-delivered", bytesDelivered.sum());
        m.put("socket-pages", socketPages.sum());
        m.put("socket-pages-copied", socketPagesCopied.sum());
        m.put("bytes-from-user", bytesFromUser.sum());
        m.put("notes-posted", notesPosted.sum());
        m.put("notes-lost", notesLost.sum());
        m.put("relay-records", relayRecords.sum());
        m.put("relay-dropped", relayDropped.sum());
        m.put("relay-consumed-on-release", relayConsumedOnRelease.sum());
        return m;
    }
}
