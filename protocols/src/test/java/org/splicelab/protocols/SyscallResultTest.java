package org.splicelab.protocols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class SyscallResultTest {
    @Test
    void shouldGiveEveryCountItsValueSharingTheCommonOnes() {
        for (final long v : new long[] {0, 1, 63, 64, 65, 4095, 4096, 4097, 65536, 1 << 20, (1 << 20) + 4096,
            (1L << 40), -1}) {
            assertEquals(new SyscallResult.Count(v), SyscallResult.count(v), "count(" + v + ")");
            assertEquals(Long.toString(v), SyscallResult.count(v).toString());
        }
        assertSame(SyscallResult.count(64), SyscallResult.count(64));
        assertSame(SyscallResult.count(65536), SyscallResult.count(65536));
        assertSame(SyscallResult.count(1 << 20), SyscallResult.count(1 << 20));
    }
}
