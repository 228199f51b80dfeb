package org.splicelab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shouldPrintDurationsAsTheyAreWrittenNeverAsIso() {
        assertEquals("-2s", Durations.format(Duration.ofSeconds(-2)));
        assertEquals("1.5s", Durations.format(Duration.ofMillis(1500)));
        assertEquals("500ms", Durations.format(Duration.ofMillis(500)));
        assertEquals("2m", Durations.format(Duration.ofMinutes(2)));
        assertEquals("7d", Durations.format(Duration.ofDays(7)));
        assertEquals("250us", Durations.format(Duration.ofNanos(250_000)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }

    @Test
    void shouldParseExactlyWithoutOverflow() {
        assertEquals(Duration.ofMillis(1500), Durations.parse("x", "1.5s", 1, Duration.ZERO, Durations.MAX));
        assertEquals(Duration.ofSeconds(10), Durations.parse("x", "10 seconds", 1, Duration.ZERO, Durations.MAX));
        assertEquals(Duration.ofSeconds(3), Durations.parse("x", "3", 1_000_000_000L, Duration.ZERO, Durations.MAX));
        assertEquals("x: expected a duration from 0s to 7d, found 99999999999999h", org.junit.jupiter.api.Assertions
            .assertThrows(ScenarioException.class, () -> Durations.parse("x", "99999999999999h", 1, Duration.ZERO,
                Durations.MAX)).getMessage());
        assertNull(Durations.nanos("PT2S", 1));
    }
}
