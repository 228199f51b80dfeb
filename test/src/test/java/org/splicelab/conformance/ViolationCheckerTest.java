package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.splicelab.actors.ExecutionResult;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.WorldSpec;
import org.splicelab.litmus.Conditions;
import org.splicelab.litmus.Expr;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageRef;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.PageVectorPool;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;

/**
 * Each violation made to happen on purpose through the memory API, then named by the checker in the
 * execution's result and seen by the litmus condition {@code violation(NAME)}.
 * {@code page-cache-written-through-pipe} is provoked the real way, by the Dirty Pipe sequence.
 */
class ViolationCheckerTest {
    private static Simulator simulator;

    @BeforeAll
    static void start() {
        simulator = new Simulator();
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    /** One process asking a pipe its size: the checker runs around any execution. */
    private static WorldSpec trivialWorld() {
        return new WorldSpec(List.of(), List.of(new WorldSpec.PipeSpec("p", 16, false)), List.of(),
            List.of(new WorldSpec.DescriptorSpec("p.r", WorldSpec.Kind.PIPE_READ, "p", OpenFlags.RDONLY),
                new WorldSpec.DescriptorSpec("p.w", WorldSpec.Kind.PIPE_WRITE, "p", OpenFlags.WRONLY)),
            List.of(new WorldSpec.ProcessSpec("P0", Map.of(3, "p.r", 4, "p.w"), List.of(),
                List.of(new Program.Call(new Syscall.GetPipeSize(3), "r0", 1, "r0 = getpipe p")))));
    }

    private static FinalState provokeAndRun(final Consumer<PageArena> provoke, final Violation expected) {
        try (PageArena arena = new PageArena(256, new PageAudit()); PageVectorPool pool = new PageVectorPool(16, 16)) {
            final Kernel kernel = new Kernel(arena, pool, KernelModel.LINUX);
            kernel.beginExecution();
            provoke.accept(arena);
            final ExecutionResult r = simulator.run(kernel, trivialWorld(), Duration.ofSeconds(10));
            assertEquals(Set.of(expected), r.violations(), () -> "events: " + r.events());
            assertTrue(r.events().stream().anyMatch(e -> e.violation() == expected));
            final FinalState state = LitmusRunner.stateOf(r);
            assertTrue(Conditions.holds(new Expr.Violated(expected), state), state.toString());
            arena.audit().reset();
            return state;
        }
    }

    @Test
    void shouldNameRefcountUnderflow() {
        provokeAndRun(arena -> {
            final long ref = arena.alloc();
            arena.put(ref);
            arena.put(PageRef.of(PageRef.frame(ref), PageRef.generation(ref) + 1));
        }, Violation.REFCOUNT_UNDERFLOW);
    }

    @Test
    void shouldNameUseAfterFree() {
        provokeAndRun(arena -> {
            final long ref = arena.alloc();
            arena.put(ref);
            arena.fill(ref, 0, 16, (byte) 1);
        }, Violation.USE_AFTER_FREE);
    }

    @Test
    void shouldNameStolenWhileShared() {
        provokeAndRun(arena -> {
            final long ref = arena.alloc();
            arena.get(ref);
            arena.claimExclusive(ref);
            arena.put(ref);
            arena.put(ref);
        }, Violation.STOLEN_WHILE_SHARED);
    }

    @Test
    void shouldNamePageLeakAfterEveryObjectReleasedItsPages() {
        final FinalState state = provokeAndRun(PageArena::alloc, Violation.PAGE_LEAK);
        assertEquals(Set.of("page-leak"), state.violations());
    }

    @Test
    void shouldNamePageCacheWrittenThroughPipeUnderTheDirtyPipeModel() {
        final java.nio.file.Path file = LitmusSuite.files("models").stream()
            .filter(p -> p.getFileName().toString().equals("dirty-pipe.litmus")).findFirst().orElseThrow();
        final LitmusRunner.Outcome dirty = LitmusSuite.run(simulator, file, KernelModel.DIRTY_PIPE);
        assertTrue(dirty.ok(), () -> LitmusSuite.describe(dirty));
        assertTrue(dirty.states().stream().allMatch(s -> s.state().violations()
            .contains(Violation.PAGE_CACHE_WRITTEN_THROUGH_PIPE.id())), () -> LitmusSuite.describe(dirty));
        final LitmusRunner.Outcome linux = LitmusSuite.run(simulator, file, KernelModel.LINUX);
        assertTrue(linux.ok(), () -> LitmusSuite.describe(linux));
        assertTrue(linux.states().stream().allMatch(s -> s.state().violations().isEmpty()));
    }
}
