package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.splicelab.actors.deterministic.Decision;

class ReplayFileTest {
    private static ReplayFile sample() {
        return new ReplayFile("/x/y.litmus", "sha256:00", "y", "dirty-pipe", "pct", 42, 3, 85, 41,
            List.of("violation(page-cache-written-through-pipe)"), Map.of("akka", "2.8.5"),
            List.of(Decision.parse("a1/3"), Decision.parse("m0/2"), Decision.parse("p4/5")),
            List.of("step 4: proc-P1 of [file-f, pipe-p, proc-P1]", "", "step 9: x"));
    }

    @Test
    void shouldReadBackWhatItWrites() {
        final ReplayFile f = sample();
        final String text = f.render();
        assertTrue(text.contains("\"a1/3\"  # step 4: proc-P1 of [file-f, pipe-p, proc-P1]"), text);
        final ReplayFile back = ReplayFile.parse("t", text);
        assertEquals(f.withDecisions(f.decisions(), List.of(), f.findings()), back);
        assertEquals("y-42.replay", f.fileName());
    }

    @Test
    void shouldRejectWhatIsNotAReplayFile() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ReplayFile.parse("t", "target = x\n"));
        assertEquals("t:1: not a replay file: expected 'splicelab-replay = 1' (written by hunt), found no such key",
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Decision.parse("a3/3"));
        assertThrows(IllegalArgumentException.class, () -> Decision.parse("x1/3"));
    }
}
