package org.splicelab.actors.deterministic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SourceDpor} on small random programs simulated without actors: processes of 1 to 3 steps,
 * each reading or writing some of three shared variables. Every class of equivalent interleavings
 * (Mazurkiewicz traces: steps touching a common variable, one of them writing, do not commute), counted
 * by enumerating every interleaving, must be explored at least once, and never more executions than
 * there are interleavings.
 */
class SourceDporTest {
    /** A step: the variables it reads and writes (bit masks). */
    private record Step(String process, int reads, int writes) {
    }

    private static final SourceDpor.Dependence<Step> DEPENDENCE = new SourceDpor.Dependence<>() {
        @Override
        public boolean dependent(final Step a, final Step b) {
            return a.process().equals(b.process()) || (a.writes() & (b.reads() | b.writes())) != 0
                || (b.writes() & a.reads()) != 0;
        }

        @Override
        public boolean enables(final Step a, final String process) {
            return false;
        }
    };

    /** Runs the program once, driven by {@code run} the way the runtime drives a gated run. */
    private static List<Step> simulate(final List<List<Step>> program, final SourceDpor<Step>.Run run,
                                       final Collector collector) {
        final int[] next = new int[program.size()];
        final List<Step> done = new ArrayList<>();
        while (true) {
            final List<String> enabled = new ArrayList<>();
            for (int p = 0; p < program.size(); p++) {
                if (next[p] < program.get(p).size()) {
                    enabled.add("P" + p);
                }
            }
            if (enabled.isEmpty()) {
                return done;
            }
            int chosen = 0;
            if (enabled.size() > 1) {
                chosen = run.choose(new ChoicePoint() {
                    @Override
                    public Decision.Kind kind() {
                        return Decision.Kind.PROCESS_STEP;
                    }

                    @Override
                    public List<String> options() {
                        return enabled;
                    }

                    @Override
                    public int heads(final int option) {
                        return 1;
                    }

                    @Override
                    public String cause(final int option, final int head) {
                        return enabled.get(option);
                    }

                    @Override
                    public long sequence(final int option, final int head) {
                        return option;
                    }
                });
            }
            final int p = Integer.parseInt(enabled.get(chosen).substring(1));
            collector.nextStep = program.get(p).get(next[p]++);
            run.processStep(enabled.get(chosen), "obj", enabled);
            done.add(collector.nextStep);
        }
    }

    private static final class Collector implements SourceDpor.Footprints<Step> {
        Step nextStep;
        Step current;

        @Override
        public Step cut() {
            final Step s = current;
            current = null;
            return s;
        }

        @Override
        public void begin(final String process) {
            current = nextStep;
        }

        @Override
        public void reset() {
            current = null;
        }
    }

    /** The class of an interleaving: its lexicographic normal form (the least equivalent sequence). */
    private static List<Step> normalForm(final List<Step> run) {
        final List<Step> left = new ArrayList<>(run);
        final List<Step> out = new ArrayList<>();
        while (!left.isEmpty()) {
            int best = -1;
            for (int i = 0; i < left.size(); i++) {
                boolean minimal = true;
                for (int k = 0; k < i && minimal; k++) {
                    minimal = !DEPENDENCE.dependent(left.get(k), left.get(i));
                }
                if (minimal && (best < 0 || left.get(i).process().compareTo(left.get(best).process()) < 0)) {
                    best = i;
                }
            }
            out.add(left.remove(best));
        }
        return out;
    }

    private static void interleavings(final List<List<Step>> program, final int[] next, final List<Step> prefix,
                                      final Set<List<Step>> classes, final long[] count) {
        boolean any = false;
        for (int p = 0; p < program.size(); p++) {
            if (next[p] < program.get(p).size()) {
                any = true;
                prefix.add(program.get(p).get(next[p]++));
                interleavings(program, next, prefix, classes, count);
                next[p]--;
                prefix.remove(prefix.size() - 1);
            }
        }
        if (!any) {
            count[0]++;
            classes.add(normalForm(prefix));
        }
    }

    private static List<List<Step>> program(final SplittableRandom r) {
        final List<List<Step>> program = new ArrayList<>();
        final int processes = 2 + r.nextInt(2);
        for (int p = 0; p < processes; p++) {
            final List<Step> steps = new ArrayList<>();
            final int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                final int reads = r.nextInt(8);
                steps.add(new Step("P" + p, reads, r.nextInt(3) == 0 ? 0 : r.nextInt(8) & ~reads));
            }
            program.add(steps);
        }
        return program;
    }

    @Test
    void shouldExploreEveryClassOfEquivalentInterleavingsOfRandomPrograms() {
        long dporRuns = 0;
        long naiveRuns = 0;
        long classCount = 0;
        for (long seed = 0; seed < 300; seed++) {
            final List<List<Step>> program = program(new SplittableRandom(seed));
            final Set<List<Step>> all = new HashSet<>();
            final long[] count = {0};
            interleavings(program, new int[program.size()], new ArrayList<>(), all, count);
            final SourceDpor<Step> dpor = new SourceDpor<>(DEPENDENCE);
            final Collector c = new Collector();
            final Set<List<Step>> seen = new HashSet<>();
            while (dpor.hasNext()) {
                final SourceDpor<Step>.Run run = dpor.next(c);
                final List<Step> done = simulate(program, run, c);
                dpor.completed(run);
                seen.add(normalForm(done));
            }
            final long s = seed;
            assertEquals(all, seen, () -> "seed " + s + ": program " + program);
            assertTrue(dpor.runs() <= count[0], () -> "seed " + s + ": " + dpor.runs() + " runs, " + count[0]
                + " interleavings");
            dporRuns += dpor.runs();
            naiveRuns += count[0];
            classCount += all.size();
        }
        System.out.printf("source-DPOR on 300 random programs: %d executions for %d classes (%d interleavings)%n",
            dporRuns, classCount, naiveRuns);
    }
}
