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
        assertThrows(IllegalArgumentException.class, () -> Decision.parse("z1/3"));
    }

    @Test
    void shouldRecordMemoryPointsAndReadOlderFilesAsWithout() {
        final ReplayFile old = sample();
        assertTrue(!old.memoryPoints() && !old.render().contains("memory-points"), old.render());
        final ReplayFile f = new ReplayFile(old.target(), old.checksum(), old.name(), "private-pages", old.strategy(),
            old.seed(), old.pctDepth(), old.pctSteps(), old.schedule(), old.findings(), old.versions(),
            List.of(Decision.parse("a1/3"), Decision.parse("x2/4")), List.of(), Map.of(), 40, true);
        final String text = f.render();
        assertTrue(text.contains("memory-points = true"), text);
        // not the default for private-pages: the command that finds the schedule again says so
        assertTrue(text.contains("--seed 40 --memory-points;") && text.contains("--schedules 1 --memory-points"), text);
        final ReplayFile back = ReplayFile.parse("t", text);
        assertTrue(back.memoryPoints());
        assertEquals(Decision.Kind.MEMORY, back.decisions().get(1).kind());
        assertEquals(f, back);
        // the default for the racy models: no flag; turned off there, --no-memory-points
        final ReplayFile racy = new ReplayFile(old.target(), old.checksum(), old.name(), "private-pages-racy",
            old.strategy(), old.seed(), 3, 9, 0, List.of(), Map.of(), List.of(), List.of(), Map.of(), 40, false);
        assertTrue(racy.render().contains("--seed 40 --no-memory-points;"), racy.render());
    }
}
