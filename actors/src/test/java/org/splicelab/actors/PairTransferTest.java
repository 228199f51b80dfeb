package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splicelab.protocols.PipeProtocol;

/** The decision of a splice or tee between two locked pipes, without actors. */
class PairTransferTest {
    @ParameterizedTest(name = "in occupied={0} writers={1}, out free={2} readers={3}, nonblock={4} -> {5}")
    @CsvSource({
        // an empty input with writers waits for data first, whatever the output
        "0, 1, 0, 0, false, WAIT_FOR_DATA",
        "0, 1, 16, 1, true, EAGAIN",
        // an input at EOF still meets the output's checks before the 0 (observed on 6.18)
        "0, 0, 16, 0, false, EPIPE",
        "0, 0, 0, 1, false, WAIT_FOR_ROOM",
        "0, 0, 0, 1, true, EAGAIN",
        "0, 0, 1, 1, false, EOF",
        // an input with buffers
        "3, 1, 16, 0, false, EPIPE",
        "3, 0, 0, 1, false, WAIT_FOR_ROOM",
        "3, 0, 0, 1, true, EAGAIN",
        "3, 1, 1, 1, true, TRANSFER",
        "3, 0, 16, 2, false, TRANSFER"
    })
    void shouldDecideAsIpipePrepThenOpipePrep(final int inOccupied, final int inWriters, final int outFree,
                                              final int outReaders, final boolean nonblock,
                                              final PairTransfer.Decision expected) {
        final PipeProtocol.PipeState in = new PipeProtocol.PipeState(16 - inOccupied, inOccupied, inOccupied * 4096L,
            1, inWriters);
        final PipeProtocol.PipeState out = new PipeProtocol.PipeState(outFree, 16 - outFree, (16 - outFree) * 4096L,
            outReaders, 1);
        assertEquals(expected, PairTransfer.decide(in, out, nonblock));
    }
}
