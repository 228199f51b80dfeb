package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The small parts of memory/: lookup figures, flag names, point names, the audit's own state. */
class SmallPartsTest {
    @Test
    void shouldFlushLookupFiguresOnceAndStartAgainFromZero() {
        final LookupStats s = new LookupStats();
        final LookupTotals t = new LookupTotals();
        s.lookups = 5;
        s.hits = 3;
        s.misses = 2;
        s.retriesFrozen = 4;
        s.retriesChanged = 1;
        s.flushTo(t);
        s.flushTo(t);
        assertEquals(5, t.lookups.sum());
        assertEquals(3, t.hits.sum());
        assertEquals(2, t.misses.sum());
        assertEquals(4, t.retriesFrozen.sum());
        assertEquals(1, t.retriesChanged.sum());
        assertEquals(0, s.lookups + s.hits + s.misses + s.retriesFrozen + s.retriesChanged);
        s.retriesChanged = 2;   // retries alone (a lookup counted in an earlier flush)
        s.flushTo(t);
        assertEquals(3, t.retriesChanged.sum());
        assertEquals(5, t.lookups.sum());
        assertEquals(0, s.retriesChanged);
        s.retriesFrozen = 1;
        s.flushTo(t);
        assertEquals(5, t.retriesFrozen.sum());
        t.reset();
        assertEquals(0, t.lookups.sum() + t.hits.sum() + t.misses.sum() + t.retriesFrozen.sum()
            + t.retriesChanged.sum());
    }

    @Test
    void shouldNameFlagsInBitOrder() {
        assertEquals("-", PageFlags.toString(0));
        assertEquals("uptodate", PageFlags.toString(PageFlags.UPTODATE));
        assertEquals("uptodate|lru", PageFlags.toString(PageFlags.LRU | PageFlags.UPTODATE));
        assertEquals("in-page-cache", PageFlags.toString(PageFlags.IN_PAGE_CACHE));
        assertEquals("uptodate|locked|dirty|writeback|lru|anon|private|mapped|in-page-cache",
            PageFlags.toString((1 << 9) - 1));
        assertEquals("-", PageFlags.toString(1 << 9), "an unnamed bit");
    }

    @Test
    void shouldNamePointsAndTellWaitsApart() {
        assertEquals("lookup:loaded", SchedulePoints.Op.CACHE_LOOKUP_LOADED.id());
        assertEquals("f_pos-lock-wait", SchedulePoints.Op.POSITION_LOCK_WAIT.id());
        assertFalse(SchedulePoints.Op.CACHE_LOOKUP_LOADED.spin());
        assertTrue(SchedulePoints.Op.CACHE_LOOKUP_FROZEN.spin());
        assertTrue(SchedulePoints.Op.PAGE_LOCK_WAIT.spin());
        assertFalse(SchedulePoints.Op.GIFT_RACY_CHECKED.spin());
    }

    @Test
    void shouldKeepItsModeAndForgetEverythingOnReset() {
        assertThrows(IllegalArgumentException.class, () -> new PageAudit(-1));
        final PageAudit none = new PageAudit(0);
        none.report(Violation.PAGE_LEAK, PageRef.of(1, 1), "x", "");
        assertEquals(1, none.count(Violation.PAGE_LEAK));
        assertEquals(0, none.events().size());
        assertEquals(1, none.eventsDropped());
        final PageAudit a = new PageAudit(4);
        assertFalse(a.strict());
        assertTrue(a.strict(true).strict());
        assertFalse(a.strict(false).strict());
        final ViolationEvent e = a.report(Violation.USE_AFTER_FREE, PageRef.of(2, 3), "get", "why");
        a.report(Violation.PAGE_LEAK, PageRef.of(2, 3), "leak-check", "");
        assertEquals(2, a.total());
        assertEquals("use-after-free", Violation.USE_AFTER_FREE.toString());
        assertTrue(e.toString().startsWith("#"), e.toString());
        assertTrue(e.toString().contains("use-after-free on " + PageRef.toString(PageRef.of(2, 3)) + " in get (why) ["),
            e.toString());
        assertFalse(a.events().get(1).toString().contains("()"), "no empty detail");
        a.reset();
        assertEquals(0, a.total());
        assertEquals(0, a.count(Violation.USE_AFTER_FREE));
        assertTrue(a.events().isEmpty());
        assertEquals(0, a.eventsDropped());
        a.report(Violation.PAGE_LEAK, PageRef.of(1, 1), "x", "");
        assertEquals(1, a.events().size(), "numbering starts again");
    }

    @Test
    void shouldNameTheNullReferenceApartFromFrameZero() {
        assertEquals("page#null", PageRef.toString(PageRef.NULL));
        assertEquals("page#0.g1", PageRef.toString(PageRef.of(0, 1)));
    }

    @Test
    void shouldParseMutantNamesBothWays() {
        assertEquals(null, Mutant.parse(""));
        assertEquals(null, Mutant.parse(null));
        assertEquals(Mutant.LOST_WAKEUP, Mutant.parse("lost-wakeup"));
        assertEquals(Mutant.NONATOMIC_FREEZE, Mutant.parse(" NONATOMIC_FREEZE "));
        assertThrows(IllegalArgumentException.class, () -> Mutant.parse("no-such-mutant"));
    }
}
