package org.splicelab.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KernelVocabularyTest {
    @Test
    void shouldUseTheKernelsNumbers() {
        assertEquals(11, Errno.EAGAIN.number());
        assertEquals(29, Errno.ESPIPE.number());
        assertEquals(Errno.EPIPE, Errno.byName("EPIPE"));
        assertNull(Errno.byName("EWHATEVER"));
        assertEquals(0x0F, SpliceFlag.VALID_MASK);
        assertEquals(0x10, PipeBufFlag.CAN_MERGE.bit());
        assertEquals("move|nonblock|0x10", SpliceFlag.toString(0x13));
        assertEquals("0", PipeBufFlag.toString(0));
    }

    @Test
    void shouldNameEveryModelAndRejectUnknownOnes() {
        assertEquals(KernelModel.ITER_PIPE_SEEKABLE, KernelModel.fromId("iter-pipe-seekable"));
        assertEquals("linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, "
            + "lookup-no-recheck", KernelModel.ids());
        assertEquals(KernelModel.PRIVATE_PAGES, KernelModel.PRIVATE_PAGES_RACY.base(), "a racy model names its design");
        assertEquals(KernelModel.LINUX, KernelModel.LOOKUP_NO_RECHECK.base());
        assertEquals(KernelModel.COPY, KernelModel.COPY.base());
        assertTrue(KernelModel.LOOKUP_NO_RECHECK.racy());
        assertEquals(6, KernelModel.designs().size(), "--all-models runs the designs, not the racy variants");
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelModel.fromId("bsd"));
        assertTrue(e.getMessage().contains("'bsd'") && e.getMessage().contains("private-pages"), e.getMessage());
    }

    @Test
    void shouldEncodeOpsKindsByOrdinal() {
        for (final OpsKind k : OpsKind.values()) {
            assertEquals(k, OpsKind.ofOrdinal(k.ordinal()));
        }
        assertTrue(OpsKind.ANON.pipePrivate());
        assertEquals(false, OpsKind.PAGE_CACHE.pipePrivate());
    }
}
