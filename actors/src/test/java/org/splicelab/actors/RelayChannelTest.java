package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.testing.ArenaCheck;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.PageVector;
import org.splicelab.protocols.PageVectorPool;

/**
 * The relay channel's counters as kernel/relay.c (6.7) keeps them: each expectation below was traced by
 * hand through relay_write, relay_switch_subbuf, subbuf_splice_actor, relay_consume_bytes and
 * relay_file_read (the kernel here cannot make a relay channel from user space).
 */
@ArenaCheck
class RelayChannelTest {
    private PageArena arena;
    private PageVectorPool pool;
    private Kernel kernel;
    private RelayChannel channel;

    @BeforeEach
    void setUp() {
        arena = new PageArena(64, new PageAudit());
        pool = new PageVectorPool(8, 32);
        kernel = new Kernel(arena, pool, KernelModel.ITER_PIPE);
        channel = new RelayChannel(kernel, 4096, 2);
    }

    @AfterEach
    void tearDown() {
        channel.free();
        assertEquals(0, arena.framesInUse(), "no page left behind");
        assertEquals(0, pool.inUse());
        pool.close();
        arena.close();
    }

    private static byte[] bytes(final int n, final char c) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private byte[] read(final int n) {
        final byte[] out = new byte[n];
        return Arrays.copyOf(out, channel.read(out, 0, n));
    }

    @Test
    void shouldDropARecordLargerThanASubBufferAndKeepTheChannelAsItWas() {
        assertEquals(0, channel.write(bytes(4097, 'x')));
        assertEquals(1, channel.dropped());
        assertEquals(0, channel.subbufsProduced());
        assertEquals(10, channel.write(bytes(10, 'a')));
        assertArrayEquals(bytes(10, 'a'), read(100));
    }

    @Test
    void shouldDropRecordsOnceEverySubBufferIsProducedAndStartAgainWhenOneIsConsumed() {
        assertEquals(4096, channel.write(bytes(4096, 'a')));
        assertEquals(4096, channel.write(bytes(4096, 'b')));
        assertEquals(0, channel.write(bytes(1, 'c')), "both produced, none consumed: no sub-buffer to start");
        assertEquals(2, channel.subbufsProduced());
        assertEquals(8192, channel.size());
        channel.consumeBytes(4096);   // a released pipe buffer of the first sub-buffer
        assertEquals(1, channel.subbufsConsumed());
        assertEquals(1, channel.write(bytes(1, 'c')), "the switch that failed is retried and succeeds");
        assertEquals(2, channel.subbufsProduced(), "a failed switch does not produce twice");
    }

    @Test
    void shouldLendTheFinishedSubBufferWithItsPaddingInTheLastPiecesPrivateWord() {
        assertEquals(3000, channel.write(bytes(3000, 'a')));
        assertEquals(2000, channel.write(bytes(2000, 'b')), "does not fit: sub-buffer 0 ends with 1096 of padding");
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(3000, channel.spliceRead(65536, 16, false, kernel, v));
        assertEquals(1, v.count());
        assertEquals(OpsKind.RELAY, v.ops(0));
        assertEquals(3000, v.len(0));
        assertEquals(4096, v.priv(0), "the data and the padding are consumed when the buffer is released");
        assertEquals(4096, channel.position(), "f_pos moves past the padding");
        assertEquals(0, channel.subbufsConsumed(), "a splice consumes nothing");
        channel.consumeBytes(v.priv(0));
        v.discard(arena);
        assertEquals(1, channel.subbufsConsumed());
    }

    @Test
    void shouldCopyAndConsumeAtOnceWhenPipesHoldOnlyPrivatePages() {
        channel.write(bytes(4096, 'a'));
        channel.write(bytes(10, 'b'));
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(4096, channel.spliceRead(65536, 16, true, kernel, v));
        assertEquals(OpsKind.DEFAULT, v.ops(0));
        assertEquals(0, v.priv(0));
        assertEquals(1, channel.subbufsConsumed());
        assertEquals(1, kernel.stats().snapshot().get("steal-failed-relay"));
        final byte[] got = new byte[4096];
        arena.read(v.ref(0), 0, got, 0, 4096);
        assertArrayEquals(bytes(4096, 'a'), got);
        v.discard(arena);
    }

    @Test
    void shouldGiveNothingToSpliceWhileNoSubBufferIsProducedButLetReadTakeTheOneBeingWritten() {
        channel.write(bytes(100, 'a'));
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(0, channel.spliceRead(65536, 16, false, kernel, v));
        v.release();
        assertArrayEquals(bytes(100, 'a'), read(4096));
        assertArrayEquals(new byte[0], read(4096));
    }

    @Test
    void shouldReadFromTheConsumedCountersNotFromTheFilePositionASpliceMoved() {
        channel.write(bytes(4096, 'a'));
        channel.write(bytes(100, 'b'));
        final PageVector v = kernel.vectors().vector().open();
        assertEquals(4096, channel.spliceRead(4096, 16, false, kernel, v));
        assertEquals(4096, channel.position());
        // 5.6+ (341a7213e5c1): relay_file_read starts where the consumed counters say, so the sub-buffer
        // still lent to a pipe is read again (its buffer is not released yet)
        final byte[] got = read(8192);
        assertEquals(4196, got.length);
        assertEquals('a', got[0]);
        assertEquals('b', got[4096]);
        channel.consumeBytes(v.priv(0));
        v.discard(arena);
    }

    @Test
    void shouldSkipPaddingOnRead() {
        channel.write(bytes(4000, 'a'));
        channel.write(bytes(200, 'b'));   // sub-buffer 0: 4000 bytes, 96 of padding
        final byte[] got = read(10000);
        assertEquals(4200, got.length);
        assertEquals('a', got[3999]);
        assertEquals('b', got[4000]);
    }

    @Test
    void shouldRefuseAChannelLargerThanTheModelBuilds() {
        assertThrows(IllegalArgumentException.class, () -> new RelayChannel(kernel, 4 << 20, 4));
        assertThrows(IllegalArgumentException.class, () -> new RelayChannel(kernel, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> new RelayChannel(kernel, 4096, 100),
            "an arena of 64 frames has no room for 100 pages");
    }
}
