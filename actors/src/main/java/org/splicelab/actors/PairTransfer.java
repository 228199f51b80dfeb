package org.splicelab.actors;

import org.splicelab.protocols.PipeProtocol;

/**
 * splice(2) and tee(2) between two pipes, once both are locked: what the two pipes' states allow
 * (fs/splice.c: {@code ipipe_prep} on the input, then {@code opipe_prep} on the output). A plain
 * decision, without Akka: the {@link PipeActor}s carry it out (the lower-id pipe locks first, then the
 * higher one decides).
 */
final class PairTransfer {
    /** What the call does next. */
    enum Decision {
        /** Move (splice) or duplicate (tee) buffers. */
        TRANSFER,
        /** The input is empty but has writers: wait on the input for data. */
        WAIT_FOR_DATA,
        /** The output is full: wait on the output for room. */
        WAIT_FOR_ROOM,
        /** Non-blocking and it would wait. */
        EAGAIN,
        /** The output has no readers. */
        EPIPE,
        /** The input is at EOF (empty, no writers) and the output could take buffers. */
        EOF
    }

    private PairTransfer() {
    }

    /**
     * The decision for the input pipe {@code in} and the output pipe {@code out}. An empty input with
     * writers waits first; an input at EOF still meets the output's checks (no readers: EPIPE; full:
     * EAGAIN or a wait for room) before the 0, as observed on 6.18
     * (conformance/splice-tee-pipe-eof-meets-output-checks.litmus).
     */
    static Decision decide(final PipeProtocol.PipeState in, final PipeProtocol.PipeState out, final boolean nonblock) {
        if (in.occupied() == 0 && in.writers() != 0) {
            return nonblock ? Decision.EAGAIN : Decision.WAIT_FOR_DATA;
        }
        if (out.readers() == 0) {
            return Decision.EPIPE;
        }
        if (out.freeSlots() == 0) {
            return nonblock ? Decision.EAGAIN : Decision.WAIT_FOR_ROOM;
        }
        return in.occupied() == 0 ? Decision.EOF : Decision.TRANSFER;
    }
}
