package org.splicelab.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.splicelab.actors.WorldSpec;

/** A scenario compiles to the world description litmus uses; holders are counted from the process tables. */
class ScenarioWorldTest {
    private static final String TEXT = String.join("\n",
        "name = w",
        "duration = 1s",
        "files { f { size = 64KiB } }",
        "pipes { shared { size = 64KiB } }",
        "roles {",
        "  writer {",
        "    count = 2",
        "    threads = 3",
        "    pipes { p { size = 64KiB } }",
        "    memory { buf { size = 4KiB } }",
        "    loop = [",
        "      { op = splice, in = f, out = p.w, len = 16KiB, offset = random }",
        "      { op = splice, in = p.r, out = shared.w, len = 16KiB }",
        "      { op = write, fd = devnull, len = 1 }",
        "    ]",
        "  }",
        "  reader {",
        "    loop = [ { op = splice, in = shared.r, out = devnull, len = 64KiB } ]",
        "  }",
        "}",
        "");

    /** Roles come in the order HOCON gives them (reader, then writer): instances reader-0, writer-1, writer-2. */
    private static WorldSpec compile(final List<ScenarioWorld.Instance> instances) {
        final Scenario s = ScenarioParser.parse("w.conf", TEXT);
        return new ScenarioWorld(s, new SplittableRandom(s.seed())).initial(instances);
    }

    private static WorldSpec.DescriptorSpec descriptor(final WorldSpec w, final String name) {
        return w.descriptors().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldCountEveryThreadOfEveryProcessThatNamesASharedEnd() {
        final WorldSpec w = compile(new ArrayList<>());
        final Map<String, Integer> holders = w.holders();
        assertEquals(6, holders.get("shared.w"), "2 writer processes x 3 threads");
        assertEquals(1, holders.get("shared.r"), "the one reader");
        assertEquals(3, holders.get("writer-1/p.r"), "a private pipe: its process's threads");
        assertEquals(3, holders.get("writer-2/p.w"));
    }

    @Test
    void shouldNamePrivateObjectsPerProcessAndKeepTheirLabelsAndActorNames() {
        final WorldSpec w = compile(new ArrayList<>());
        assertEquals(List.of("pipe-shared", "writer-1-pipe-p", "writer-2-pipe-p"),
            w.pipes().stream().map(WorldSpec.PipeSpec::actor).toList());
        assertEquals("p.w", descriptor(w, "writer-2/p.w").label());
        assertEquals("f", descriptor(w, "writer-1/f").label(), "each process opens the file itself");
        assertEquals(WorldSpec.Kind.FILE, descriptor(w, "writer-1/f").kind());
        assertEquals(WorldSpec.Kind.NULL_DEVICE, descriptor(w, "reader-0/devnull").kind());
    }

    @Test
    void shouldGiveThreadsOneAddressSpaceAndOneTableInLoopOrder() {
        final List<ScenarioWorld.Instance> instances = new ArrayList<>();
        final WorldSpec w = compile(instances);
        assertEquals(List.of("reader-0", "writer-1.t0", "writer-1.t1", "writer-1.t2", "writer-2.t0", "writer-2.t1",
            "writer-2.t2"), w.processes().stream().map(WorldSpec.ProcessSpec::name).toList());
        assertEquals(List.of("reader-0", "writer-1", "writer-2"), instances.stream().map(ScenarioWorld.Instance::name)
            .toList());
        final WorldSpec.ProcessSpec t0 = w.processes().get(1);
        final WorldSpec.ProcessSpec t1 = w.processes().get(2);
        assertNull(t0.sharesMemoryOf());
        assertEquals("writer-1.t0", t1.sharesMemoryOf());
        assertEquals(Map.of(3, "writer-1/f", 4, "writer-1/p.w", 5, "writer-1/p.r", 6, "shared.w", 7, "writer-1/devnull"),
            t0.fds(), "fds from 3, in the order the loop names them");
        assertEquals(t0.fds(), t1.fds());
        assertTrue(t0.seed() != t1.seed(), "each thread its own seed");
    }

    @Test
    void shouldCompileAReplacementWithFreshPrivateObjects() {
        final Scenario s = ScenarioParser.parse("w.conf", TEXT);
        final ScenarioWorld world = new ScenarioWorld(s, new SplittableRandom(1));
        world.initial(new ArrayList<>());
        final List<ScenarioWorld.Instance> replacement = new ArrayList<>();
        final Scenario.Role writer = s.roles().stream().filter(r -> r.name().equals("writer")).findFirst().orElseThrow();
        final WorldSpec w = world.another(writer, replacement);
        assertEquals("writer-3", replacement.get(0).name());
        assertEquals(List.of("writer-3/p"), w.pipes().stream().map(WorldSpec.PipeSpec::name).toList());
        assertTrue(w.files().isEmpty(), "the shared objects exist already");
        assertEquals(3, w.holders().get("shared.w"), "its threads name the shared end (the pipe was counted at start)");
    }

    @Test
    void shouldCountAProcessWhosePrivateSocketSharesAName() {
        final Scenario s = ScenarioParser.parse("x.conf", String.join("\n",
            "name = x",
            "duration = 1s",
            "pipes { x { size = 64KiB } }",
            "roles {",
            "  relay {",
            "    sockets { x { kind = unix } }",
            "    loop = [ { op = splice, in = x.r, out = x.0, len = 4KiB } ]",
            "  }",
            "  writer { loop = [ { op = write, fd = x.w, len = 1 } ] }",
            "}",
            ""));
        final WorldSpec w = new ScenarioWorld(s, new SplittableRandom(1)).initial(new ArrayList<>());
        assertEquals(1, w.holders().get("x.r"), "x.r is the shared pipe's end: the relay holds it");
        assertEquals(1, w.holders().get("relay-0/x.0"), "x.0 is the relay's own socket");
        assertEquals(1, w.holders().get("x.w"));
    }
}
