package org.splicelab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splicelab.protocols.KernelModel;

class ScenarioParserTest {
    private static final String VALID = String.join("\n",
        "name = t",
        "duration = 2s",
        "model = private-pages",
        "files { f { size = 64KiB } }",
        "pipes { shared { size = 4KiB } }",
        "roles {",
        "  w {",
        "    count = 3",
        "    pipes { p { size = 64KiB, nonblock = true } }",
        "    sockets { s { kind = tcp } }",
        "    loop = [",
        "      { one-of = [ { op = splice, in = f, out = p.w, len = 16KiB, offset = random, weight = 3 },",
        "                   { op = sendfile, in = f, out = s.0, len = 4KiB } ] }",
        "      { op = read, fd = s.1, len = 64KiB }",
        "    ]",
        "  }",
        "}",
        "faults { restart-pipe { target = shared, every = 1s } }",
        "assertions { max-copy-ratio = 0.5 }",
        "");

    @Test
    void shouldParseEverySection() {
        final Scenario s = ScenarioParser.parse("t.conf", VALID);
        assertEquals("t", s.name());
        assertEquals(KernelModel.PRIVATE_PAGES, s.model());
        assertEquals(Duration.ofSeconds(2), s.duration());
        assertEquals(65536, s.files().get("f").size());
        final Scenario.Role w = s.roles().get(0);
        assertEquals(3, w.count());
        assertEquals(2, w.loop().size());
        assertEquals(2, w.loop().get(0).size());
        final Scenario.Op splice = w.loop().get(0).get(0);
        assertEquals(3, splice.weight());
        assertTrue(splice.randomOffset());
        assertEquals(16384, splice.len());
        assertTrue(w.pipes().get("p").nonblock());
        assertTrue(w.sockets().get("s").tcp());
        assertEquals(Scenario.Fault.Kind.RESTART_PIPE, s.faults().get(0).kind());
        assertEquals(0.5, s.assertions().maxCopyRatio());
        assertEquals(0L, s.assertions().maxViolations(), "violations are checked by default");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown top-level key | durration = 2s | t.conf:2: 'durration': expected a key of the top level",
        "wrong type | count = \"three\" | t.conf:8: 'roles.w.count': expected a number, found string",
        "bad model | model = bsd | t.conf:3: 'model': expected one of linux, private-pages",
        "unknown op key | count = 3, lenn = 4 | t.conf:8: 'lenn': expected a key of roles.w",
        "bad size | files { f { size = lots } } | t.conf:4: 'files.f.size': expected a size such as 4096, 64KiB or 1MiB",
        "undeclared operand | loop = [ { op = read, fd = nope.1, len = 1 } ] | 'roles.w.fd': expected a declared file",
        "bad flag | loop = [ { op = splice, in = f, out = p.w, len = 1, flags = [fast] } ] | 'roles.w.flags': expected nonblock, move, more or gift, found fast",
        "bad fault target | faults { restart-pipe { target = nope, every = 1s } } | 'faults.restart-pipe.target': expected a shared pipe, found nope",
        "bad duration | duration = soon | t.conf:2: 'duration': expected a duration such as 10s",
        "missing op | loop = [ { in = f } ] | an operation needs 'op'",
    })
    void shouldRejectBadInputWithFileLineKeyAndExpectation(final String what, final String replacement,
                                                           final String expected) {
        final String text = mutate(replacement);
        final ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioParser.parse("t.conf", text));
        assertTrue(e.getMessage().contains(expected), () -> what + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith("t.conf:"), e.getMessage());
    }

    /** Replaces the line of VALID whose key the replacement sets (or appends it to the role). */
    private static String mutate(final String replacement) {
        final String key = replacement.split("[ {=]")[0];
        final String[] lines = VALID.split("\n");
        final StringBuilder sb = new StringBuilder();
        boolean done = false;
        for (final String line : lines) {
            final String trimmed = line.trim();
            if (!done && (trimmed.startsWith(key + " ") || trimmed.startsWith(key + "="))
                || !done && key.equals("durration") && trimmed.startsWith("duration")) {
                sb.append(line, 0, line.indexOf(trimmed)).append(replacement).append('\n');
                done = true;
                if (trimmed.startsWith("loop")) {
                    skipLoop = true;
                }
                continue;
            }
            if (skipLoop) {
                if (trimmed.equals("]")) {
                    skipLoop = false;
                }
                continue;
            }
            sb.append(line).append('\n');
        }
        if (!done) {
            sb.append(replacement).append('\n');
        }
        return sb.toString();
    }

    private static boolean skipLoop;

    @Test
    void shouldRequireADurationOrIterations() {
        final ScenarioException e = assertThrows(ScenarioException.class,
            () -> ScenarioParser.parse("t.conf", VALID.replace("duration = 2s\n", "")));
        assertTrue(e.getMessage().contains("needs 'duration'"), e.getMessage());
    }

    @Test
    void shouldLoadEveryBuiltIn() {
        for (final String name : BuiltInScenarios.NAMES) {
            final Scenario s = BuiltInScenarios.load(name);
            assertEquals(name, s.name());
            assertTrue(!s.description().isEmpty(), name + " says what question it answers");
        }
        final ScenarioException e = assertThrows(ScenarioException.class, () -> BuiltInScenarios.load("no-such"));
        assertTrue(e.getMessage().contains("webserver-sendfile"), e.getMessage());
    }
}
