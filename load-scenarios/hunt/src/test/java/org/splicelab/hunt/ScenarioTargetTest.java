package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.splicelab.actors.deterministic.Decision;
import org.splicelab.scenario.Scenario;
import org.splicelab.scenario.ScenarioException;

/** How a scenario becomes a hunt target, and how a replay file names it. */
class ScenarioTargetTest {
    static final String PACED = String.join("\n",
        "name = paced",
        "duration = 2s",
        "files { f { size = 16KiB } }",
        "roles {",
        "  reader {",
        "    count = 2",
        "    rate = 100",
        "    pipes { p { size = 4KiB } }",
        "    loop = [ { op = splice, in = f, out = p.w, len = 4KiB }, { op = read, fd = p.r, len = 4KiB } ]",
        "  }",
        "}",
        "");

    @Test
    void shouldRunLoopIterationsInsteadOfADurationAndTurnRatesIntoThinkTimes(@TempDir final Path dir)
        throws IOException {
        final Path file = Files.writeString(dir.resolve("paced.conf"), PACED);
        final ScenarioTarget t = ScenarioTarget.load(file.toString(), null);
        assertEquals(ScenarioTarget.DEFAULT_LOOP_ITERATIONS, t.loopIterations());
        final Scenario h = t.hunted();
        assertEquals(3, h.iterations());
        assertEquals(Duration.ofSeconds(2), h.duration(), "the scenario's duration is the virtual time limit");
        assertEquals(Duration.ofSeconds(2), h.sampleInterval());
        assertEquals(0, h.roles().get(0).rate());
        assertEquals(Duration.ofMillis(10), h.roles().get(0).thinkTime());
        assertEquals(Map.of("loop-iterations", "3"), t.parameters());
        assertEquals("scenario:" + file.toAbsolutePath().normalize(), t.reference());
        assertEquals(7, ScenarioTarget.load(file.toString(), 7L).hunted().iterations());
        assertEquals("paced", t.name());
    }

    @Test
    void shouldUseTheScenariosIterationsWhenItHasThem() {
        final ScenarioTarget builtIn = ScenarioTarget.load("dirty-pipe", null);
        assertEquals("scenario:dirty-pipe", builtIn.reference());
        assertEquals(3, builtIn.loopIterations());
        assertEquals(Duration.ofSeconds(10), builtIn.hunted().duration());
        final String text = PACED.replace("duration = 2s", "iterations = 5");
        final ScenarioTarget t = ScenarioTarget.load(writeTemp(text).toString(), null);
        assertEquals(5, t.loopIterations());
        assertEquals(ScenarioTarget.DEFAULT_TIME_LIMIT, t.hunted().duration());
        assertNotEquals(builtIn.checksum(), t.checksum());
    }

    @Test
    void shouldNameTheFileAndLineOfABadKey(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("bad.conf"), PACED.replace("    rate = 100", "    rat = 100"));
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioTarget.load(file.toString(), null));
        assertTrue(e.getMessage().startsWith(file + ":7: 'rat': expected a key of roles.reader"), e.getMessage());
        final ScenarioException missing = assertThrows(ScenarioException.class,
            () -> ScenarioTarget.load("no-such-scenario", null));
        assertTrue(missing.getMessage().contains("not a built-in scenario (one of webserver-sendfile"),
            missing.getMessage());
    }

    @Test
    void shouldRecordKindAndParametersInTheReplayFileAndResolveThemAgain(@TempDir final Path dir) throws IOException {
        final Path file = Files.writeString(dir.resolve("paced.conf"), PACED);
        final ScenarioTarget t = ScenarioTarget.load(file.toString(), 4L);
        final ReplayFile f = new ReplayFile(t.reference(), t.checksum(), t.name(), "linux", "pct", 9, 3, 40, 2,
            List.of("violation(page-leak)"), Map.of("akka", "2.8.5"), List.of(Decision.parse("a1/2")), List.of(""),
            t.parameters());
        final String text = f.render();
        assertTrue(text.contains("target-kind = \"scenario\""), text);
        assertTrue(text.contains("\"loop-iterations\" = \"4\""), text);
        assertTrue(text.contains("--schedules 1 --loop-iterations 4 finds it again"), text);
        final ReplayFile back = ReplayFile.parse("t", text);
        assertEquals(f.withDecisions(f.decisions(), List.of(), f.findings()), back);

        // the scenario moved beside the replay file: found by its name there
        final Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.move(file, elsewhere.resolve("paced.conf"));
        final HuntTarget again = Replayer.resolve(back.target(), back.targetParameters(), elsewhere.resolve("x.replay"));
        assertEquals(t.checksum(), again.checksum());
        assertEquals(4, ((ScenarioTarget) again).loopIterations());
        assertEquals("scenario", back.targetKind());
        assertEquals("litmus", new ReplayFile("/a/b.litmus", "", "b", "linux", "pct", 1, 3, 1, 0, List.of(), Map.of(),
            List.of(), List.of()).targetKind());

        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ReplayFile.parse("t", text.replace("target-kind = \"scenario\"", "target-kind = \"litmus\"")));
        assertTrue(e.getMessage().startsWith("t:4: 'target-kind': expected scenario (the kind of target scenario:"),
            e.getMessage());
    }

    private static Path writeTemp(final String text) {
        try {
            final Path p = Files.createTempFile("scenario", ".conf");
            p.toFile().deleteOnExit();
            return Files.writeString(p, text);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
