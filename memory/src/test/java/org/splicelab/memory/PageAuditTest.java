package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageAuditTest {
    @Test
    void shouldCountBeyondTheEventCapacityAndSayHowManyWereDropped() {
        final PageAudit audit = new PageAudit(2);
        final List<ViolationEvent> seen = new ArrayList<>();
        audit.addListener(seen::add);
        for (int i = 0; i < 5; i++) {
            audit.report(Violation.PAGE_LEAK, PageRef.of(i, 1), "leak-check", "");
        }
        assertEquals(5, audit.count(Violation.PAGE_LEAK));
        assertEquals(5, audit.total());
        assertEquals(2, audit.events().size());
        assertEquals(3, audit.eventsDropped());
        assertEquals(5, seen.size(), "listeners see every event");
        assertEquals(5L, audit.counts().get(Violation.PAGE_LEAK));
        assertEquals(0L, audit.counts().get(Violation.USE_AFTER_FREE));
        audit.reset();
        assertEquals(0, audit.total());
        assertEquals(0, audit.events().size());
    }

    @Test
    void shouldNameViolationsAsLitmusDoes() {
        assertEquals("refcount-underflow", Violation.REFCOUNT_UNDERFLOW.id());
        assertEquals("use-after-free", Violation.USE_AFTER_FREE.id());
        assertEquals("page-leak", Violation.PAGE_LEAK.id());
        assertEquals("stolen-while-shared", Violation.STOLEN_WHILE_SHARED.id());
        assertEquals(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE, Violation.fromId("page-cache-written-through-pipe"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Violation.fromId("x"));
        assertEquals(true, e.getMessage().contains("page-leak"));
    }

    @Test
    void shouldFormatEventsReadably() {
        final ViolationEvent e = new PageAudit().report(Violation.USE_AFTER_FREE, PageRef.of(3, 2), "put", "frame now free");
        assertEquals("#0 use-after-free on page#3.g2 in put (frame now free) [" + Thread.currentThread().getName() + "]",
            e.toString());
    }
}
