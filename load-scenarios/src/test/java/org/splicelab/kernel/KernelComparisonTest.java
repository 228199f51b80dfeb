package org.splicelab.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.litmus.Value;
import org.splicelab.protocols.KernelModel;

/** The comparison rules on outcomes made by hand (no kernel, no model run). */
class KernelComparisonTest {
    private static final LitmusTest ONE = LitmusParser.parse("t.litmus", String.join("\n", "litmus one", "pipe p",
        "process P0 {", "  r0 = write p \"x\"", "}", "expect r0 == 1", ""));
    private static final LitmusTest TWO = LitmusParser.parse("t.litmus", String.join("\n", "litmus two", "pipe p",
        "process P0 {", "  r0 = write p \"x\"", "}", "process P1 {", "  r1 = write p \"y\"", "}", "exists r0 == 1", ""));

    private static LitmusRunner.Outcome outcome(final LitmusTest t, final Map<FinalState, Long> states) {
        final List<LitmusRunner.StateCount> list = new ArrayList<>();
        states.forEach((s, n) -> list.add(new LitmusRunner.StateCount(s, n)));
        final long n = list.stream().mapToLong(LitmusRunner.StateCount::count).sum();
        return new LitmusRunner.Outcome(t, KernelModel.LINUX, n, "", list,
            LitmusRunner.grade(t, KernelModel.LINUX, list, n), List.of(), Map.of());
    }

    private static KernelRunner.KernelOutcome kernel(final LitmusRunner.Outcome o) {
        return new KernelRunner.KernelOutcome(o, "6.18", "tmpfs", Path.of("/tmp"), o.executions(), false, 1);
    }

    private static FinalState state(final String reg, final long v) {
        return FinalState.of(Map.of(reg, Value.of(v)));
    }

    @Test
    void shouldAgreeOnEqualStatesAndDifferOnAnother() {
        final LitmusRunner.Outcome m = outcome(ONE, Map.of(state("r0", 1), 1L));
        assertTrue(KernelComparison.compare(m, kernel(outcome(ONE, Map.of(state("r0", 1), 1L)))).agrees());
        final KernelComparison.Result r = KernelComparison.compare(m, kernel(outcome(ONE, Map.of(state("r0", 2), 1L))));
        assertFalse(r.agrees());
        assertEquals(3, r.differences().size(), r.differences().toString());   // kernel-only, model-only, verdict
        final String text = KernelComparison.text(r);
        assertTrue(text.contains("DIFFER") && text.contains("r0=1") && text.contains("| 1   r0=2"), text);
    }

    @Test
    void shouldAcceptAKernelSubsetOfTheModelsStatesForSeveralProcessesButNotAStateItLacks() {
        final Map<FinalState, Long> model = Map.of(state("r0", 1), 3L,
            new FinalState(Map.of("r1", Value.of(1)), false, Set.of()), 2L);
        final LitmusRunner.Outcome m = outcome(TWO, model);
        assertTrue(KernelComparison.compare(m, kernel(outcome(TWO, Map.of(state("r0", 1), 50L)))).agrees(),
            "a state the kernel did not reach in its runs is shown, not a difference");
        final KernelComparison.Result r = KernelComparison.compare(m,
            kernel(outcome(TWO, Map.of(state("r0", 1), 50L, new FinalState(Map.of(), true, Set.of()), 1L))));
        assertEquals(List.of("the kernel reached a state the model does not offer: deadlock"), r.differences());
    }

    @Test
    void shouldIgnoreTheModelsViolationNamesInStatesButNotItsProblems() {
        final LitmusRunner.Outcome m = outcome(ONE,
            Map.of(new FinalState(Map.of("r0", Value.of(1)), false, Set.of("page-leak")), 1L));
        assertTrue(KernelComparison.compare(m, kernel(outcome(ONE, Map.of(state("r0", 1), 1L)))).agrees());
        final LitmusRunner.Outcome failed = new LitmusRunner.Outcome(ONE, KernelModel.LINUX, 1, "", m.states(),
            m.verdicts(), List.of("execution failed: x"), Map.of());
        assertFalse(KernelComparison.compare(failed, kernel(outcome(ONE, Map.of(state("r0", 1), 1L)))).agrees());
    }
}
