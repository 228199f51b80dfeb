package org.splicelab.actors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splicelab.protocols.PipeProtocol;

class PipeMutexTest {
    private static PipeProtocol.Command request(final int n) {
        return new PipeProtocol.Read(n, false, null);
    }

    @Test
    void shouldRunDeferredRequestsInArrivalOrderOnlyOnceTheMutexIsFree() {
        final PipeMutex m = new PipeMutex();
        final PipeProtocol.Command holder = request(0);
        m.lock(holder);
        m.defer(request(1));
        m.defer(request(2));
        assertNull(m.next(), "nothing runs while the mutex is held");
        assertFalse(m.idle());
        assertSame(holder, m.holder());
        m.unlock();
        assertEquals(request(1), m.next());
        assertEquals(request(2), m.next());
        assertNull(m.next());
        assertTrue(m.idle());
    }

    @Test
    void shouldRunWokenRequestsBeforeLaterArrivals() {
        final PipeMutex m = new PipeMutex();
        m.parkForData(request(1));
        m.parkForRoom(request(2));
        assertTrue(m.anyWaitingForRoom());
        assertTrue(m.idle(), "parked requests wait for data or room, not for the mutex");
        m.lock(request(9));
        m.defer(request(3));
        m.wakeReaders();
        m.unlock();
        assertEquals(request(1), m.next(), "a woken reader goes before the request that arrived later");
        assertEquals(request(3), m.next());
        assertNull(m.next(), "the writer still waits for room");
        m.wakeWriters();
        assertFalse(m.anyWaitingForRoom());
        assertEquals(request(2), m.next());
    }

    @Test
    void shouldRefuseASecondHolderAndAnUnlockWhileFree() {
        final PipeMutex m = new PipeMutex();
        assertThrows(IllegalStateException.class, m::unlock);
        m.lock(request(1));
        assertThrows(IllegalStateException.class, () -> m.lock(request(2)));
    }

    @Test
    void shouldHandEveryWaiterOverWhenDrained() {
        final PipeMutex m = new PipeMutex();
        m.parkForData(request(1));
        m.parkForRoom(request(2));
        m.lock(request(0));
        m.defer(request(3));
        assertEquals(List.of(request(1), request(2), request(3)), m.waiting());
        assertEquals(List.of(request(1), request(2), request(3)), m.drainWaiting());
        assertTrue(m.waiting().isEmpty());
    }
}
