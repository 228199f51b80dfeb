package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.deterministic.DeterministicRuntime;
import org.splicelab.litmus.Condition;
import org.splicelab.litmus.Exploration;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.protocols.KernelModel;

/**
 * Issue 10 part 4: the bug zoo ({@code zoo/zoo.conf}, docs/bug-zoo.md). Every target is a bug of a
 * shipped model (or a real race of {@code linux}) with its depth and shape; each is hunted by each
 * strategy from fixed seeds. The hunts are deterministic per seed, so the number of seeds that find
 * the bug is an exact figure: {@link #everyStrategyFindsEachBugWithAtLeastItsRecordedSeeds} hunts from
 * 5 seeds (1000 ... 5000, the quick budgets) and fails when a strategy finds a bug with fewer seeds
 * than {@code zoo/rates.conf} records, or when the design that fixes a bug finds anything from seeds
 * 1000 and 2000 with the same budget. {@link #measureTwentySeeds} ({@code @Tag("slow")}, {@code -Pstress}) is the table of
 * docs/bug-zoo.md: 20 seeds, the full budgets, and the litmus explorations (exhaustive or reduced,
 * uniform sampling) beside the hunters.
 */
class BugZooTest {
    static final int QUICK_SEEDS = 5;
    static final int SEEDS = 20;
    /** The hunt's strategies, in the table's order. */
    static final List<Hunter.StrategyKind> STRATEGIES = List.of(Hunter.StrategyKind.PCT, Hunter.StrategyKind.RANDOM);
    /** The designs in the default suite: seeds 1000 and 2000 (MemoryPointsHuntTest checks several more). */
    static final int DESIGN_QUICK_SEEDS = 2;
    private static DeterministicRuntime runtime;

    /** One zoo entry of {@code zoo/zoo.conf}. */
    record Bug(String name, String target, boolean scenario, KernelModel model, String finding, Boolean memoryPoints,
               KernelModel design, String designTarget, String depth, String shape, long budget, long quickBudget) {
        HuntTarget load() {
            return load(target);
        }

        HuntTarget loadDesign() {
            return load(designTarget != null ? designTarget : target);
        }

        private HuntTarget load(final String t) {
            return scenario ? ScenarioTarget.load(t, null) : LitmusTarget.load(HuntFiles.resource(t));
        }

        Hunter.Options options(final Hunter.StrategyKind k, final long budget, final long seed) {
            return Hunter.Options.of(model, budget, seed).withStrategy(k).withMemoryPoints(memoryPoints);
        }

        /** The design's hunt: memory points on, so that it sees every interleaving the bug's hunt can. */
        Hunter.Options designOptions(final Hunter.StrategyKind k, final long budget, final long seed) {
            return Hunter.Options.of(design, budget, seed).withStrategy(k).withMemoryPoints(true);
        }

        boolean finds(final Hunter.Report r) {
            return r.found() != null && r.found().confirmed()
                && r.found().outcome().findings().stream().anyMatch(f -> f.contains(finding));
        }
    }

    static List<Bug> zoo() {
        final Config c = ConfigFactory.parseFile(HuntFiles.resource("zoo/zoo.conf").toFile()).resolve();
        final List<Bug> bugs = new ArrayList<>();
        for (final Config b : c.getConfigList("zoo")) {
            bugs.add(new Bug(b.getString("name"), b.getString("target"),
                b.hasPath("scenario") && b.getBoolean("scenario"), KernelModel.fromId(b.getString("model")),
                b.getString("finding"), b.hasPath("memory-points") ? b.getBoolean("memory-points") : null,
                b.hasPath("design") ? KernelModel.fromId(b.getString("design")) : null,
                b.hasPath("design-target") ? b.getString("design-target") : null, b.getString("depth"),
                b.getString("shape"), b.getLong("budget"), b.getLong("quick-budget")));
        }
        return bugs;
    }

    /** {@code zoo/rates.conf}: bug name, then strategy id, to the seeds of 1000 ... 5000 recorded as finding it. */
    static Map<String, Map<String, Integer>> recorded() {
        final Config c = ConfigFactory.parseFile(HuntFiles.resource("zoo/rates.conf").toFile()).resolve()
            .getConfig("rates");
        final Map<String, Map<String, Integer>> m = new LinkedHashMap<>();
        for (final String bug : c.root().keySet()) {
            final Map<String, Integer> per = new LinkedHashMap<>();
            final Config b = c.getConfig("\"" + bug + "\"");
            for (final String s : b.root().keySet()) {
                per.put(s, b.getInt(s));
            }
            m.put(bug, per);
        }
        return m;
    }

    @BeforeAll
    static void start() {
        runtime = new DeterministicRuntime();
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    /** Seeds of {@code seeds} (1000, 2000, ...) whose hunt found the bug, and the schedules each took (-1: none). */
    private static List<Long> hunt(final Bug b, final HuntTarget target, final Hunter.StrategyKind k, final int seeds,
                                   final long budget) {
        final List<Long> took = new ArrayList<>();
        for (int i = 1; i <= seeds; i++) {
            final Hunter.Report r = new Hunter(runtime).hunt(target, b.options(k, budget, i * 1000L));
            if (r.failed()) {
                fail(b.name() + " " + k.id() + " seed " + i * 1000L + ": " + r.summary());
            }
            if (r.found() != null && !b.finds(r)) {
                // a miss must be a whole budget without a finding, not a hunt stopped by another one
                fail(b.name() + " " + k.id() + " seed " + i * 1000L + " found something else: " + r.summary());
            }
            took.add(b.finds(r) ? r.found().schedule() + 1 : -1);
        }
        return took;
    }

    /** Fails when the design finds anything (or a hunt fails) from any of {@code seeds} seeds with {@code budget}. */
    private static long designFindsNothing(final Bug b, final HuntTarget target, final Hunter.StrategyKind k,
                                           final int seeds, final long budget) {
        long ran = 0;
        for (int i = 1; i <= seeds; i++) {
            final Hunter.Report r = new Hunter(runtime).hunt(target, b.designOptions(k, budget, i * 1000L));
            assertTrue(!r.failed() && r.found() == null, () -> b.name() + ": the design " + b.design().id()
                + " found something with " + k.id() + ": " + r.summary());
            ran += r.schedules();
        }
        return ran;
    }

    private static long hits(final List<Long> took) {
        return took.stream().filter(t -> t > 0).count();
    }

    @Test
    void theZooHasAtLeastTwelveBugsAndARecordedRateForEachStrategyAndBug() {
        final List<Bug> zoo = zoo();
        final Map<String, Map<String, Integer>> rates = recorded();
        assertTrue(zoo.size() >= 12, zoo.size() + " bugs");
        assertEquals(zoo.stream().map(Bug::name).collect(java.util.stream.Collectors.toSet()), rates.keySet(),
            "rates.conf lists the zoo");
        for (final Bug b : zoo) {
            for (final Hunter.StrategyKind k : STRATEGIES) {
                assertTrue(rates.get(b.name()).containsKey(k.id()), b.name() + " has no recorded rate for " + k.id());
            }
            b.load(); // every target loads
        }
    }

    /**
     * For each bug and strategy: hunts from seeds 1000 ... 5000 with the quick budget and fails when fewer
     * seeds find the bug than rates.conf records; then the design (where one fixes the bug) must find
     * nothing from the first two of those seeds with the same budget.
     */
    @TestFactory
    @Timeout(300)
    Stream<DynamicTest> everyStrategyFindsEachBugWithAtLeastItsRecordedSeeds() {
        final Map<String, Map<String, Integer>> rates = recorded();
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Bug b : zoo()) {
            for (final Hunter.StrategyKind k : STRATEGIES) {
                tests.add(DynamicTest.dynamicTest(b.name() + " " + k.id(), () -> {
                    final List<Long> took = hunt(b, b.load(), k, QUICK_SEEDS, b.quickBudget());
                    final int want = rates.get(b.name()).get(k.id());
                    System.out.printf("zoo %s %s (at most %d schedules): found with %d of %d seeds %s (recorded %d)%n",
                        b.name(), k.id(), b.quickBudget(), hits(took), QUICK_SEEDS, took, want);
                    assertTrue(hits(took) >= want, () -> b.name() + " under " + b.model().id() + ", " + k.id()
                        + ": found with " + hits(took) + " of " + QUICK_SEEDS + " seeds, recorded " + want
                        + " (schedules to the first hit per seed: " + took + ")");
                }));
            }
            if (b.design() != null) {
                tests.add(DynamicTest.dynamicTest(b.name() + " design " + b.design().id(), () -> {
                    final HuntTarget t = b.loadDesign();
                    for (final Hunter.StrategyKind k : STRATEGIES) {
                        designFindsNothing(b, t, k, DESIGN_QUICK_SEEDS, b.quickBudget());
                    }
                }));
            }
        }
        return tests.stream();
    }

    /** The litmus exploration of a litmus bug: executions, and those that show the bug. */
    private static long[] litmus(final Simulator simulator, final Bug b, final Exploration.Mode mode, final long limit,
                                 final int executions, final long seed) {
        final LitmusRunner.Outcome o = PartialOrderReductionTest.run(simulator, b.target(), b.model(), mode, limit,
            executions, seed);
        long showing;
        if (b.finding().startsWith("violation(")) {
            final String v = b.finding().substring("violation(".length(), b.finding().length() - 1);
            showing = o.states().stream().filter(s -> s.state().violations().contains(v))
                .mapToLong(LitmusRunner.StateCount::count).sum();
        } else {
            showing = o.verdicts().stream().filter(x -> x.condition().kind() == Condition.Kind.FORBID
                    && x.condition().text().trim().equals(b.finding()))
                .mapToLong(LitmusRunner.Verdict::holding).findFirst().orElseThrow();
        }
        final boolean exhaustive = o.exploration().contains("exhaustive");
        return new long[] {o.executions(), showing, exhaustive ? 1 : 0};
    }

    /**
     * docs/bug-zoo.md: for each bug and strategy, the seeds of 1000 ... 20000 that found it within the
     * budget and the mean schedules to the first hit; the design with the same seeds and budget;
     * for litmus targets, litmus' exhaustive exploration (naive walk or partial-order reduction, at most
     * 10,000 executions) and uniform sampling (100 executions per seed, 20 seeds).
     */
    @Test
    @Tag("slow")
    @Timeout(7200)
    void measureTwentySeeds() {
        final List<Bug> zoo = zoo();
        final List<String> rows = new ArrayList<>();
        final List<String> designs = new ArrayList<>();
        final List<String> litmus = new ArrayList<>();
        new Hunter(runtime).hunt(zoo.get(0).load(), Hunter.Options.of(KernelModel.LINUX, 2000, 1)); // warm-up
        for (final Bug b : zoo) {
            final HuntTarget target = b.load();
            final StringBuilder row = new StringBuilder(String.format("| %s | %s | %s |", b.name(), b.depth(),
                b.model().id()));
            for (final Hunter.StrategyKind k : STRATEGIES) {
                final long start = System.nanoTime();
                final List<Long> took = hunt(b, target, k, SEEDS, b.budget());
                final double secs = (System.nanoTime() - start) / 1e9;
                final double mean = took.stream().filter(t -> t > 0).mapToLong(Long::longValue).average().orElse(0);
                System.out.printf("zoo %s %s (at most %d): found with %d of %d seeds, mean %.1f schedules %s (%.1f s)%n",
                    b.name(), k.id(), b.budget(), hits(took), SEEDS, mean, took, secs);
                row.append(hits(took) == 0 ? String.format(" 0 of %d | – |", SEEDS)
                    : String.format(Locale.ROOT, " %d of %d | %s |", hits(took), SEEDS, mean < 10
                        ? String.format(Locale.ROOT, "%.1f", mean) : String.format(Locale.ROOT, "%,.0f", mean)));
            }
            row.append(String.format(Locale.ROOT, " %,d |", b.budget()));
            rows.add(row.toString());
            if (b.design() != null) {
                final HuntTarget t = b.loadDesign();
                final long start = System.nanoTime();
                long ran = 0;
                for (final Hunter.StrategyKind k : STRATEGIES) {
                    ran += designFindsNothing(b, t, k, SEEDS, b.budget());
                }
                designs.add(String.format(Locale.ROOT, "| %s | %s%s | nothing in %,d schedules (%.1f s) |", b.name(),
                    b.design().id(), b.designTarget() != null ? " on " + b.designTarget() : "", ran,
                    (System.nanoTime() - start) / 1e9));
            }
            if (!b.scenario()) {
                try (Simulator simulator = new Simulator()) {
                    final long[] ex = litmus(simulator, b, Exploration.Mode.AUTO, 10_000, 100, 1);
                    int held = 0;
                    long shown = 0;
                    for (int i = 1; i <= SEEDS; i++) {
                        final long[] s = litmus(simulator, b, Exploration.Mode.SAMPLED, 10_000, 100, i * 1000L);
                        held += s[1] > 0 ? 1 : 0;
                        shown += Math.max(0, s[1]);
                    }
                    litmus.add(String.format(Locale.ROOT, "| %s | %s | %d of %d | %,d of %,d |", b.name(), ex[2] == 1
                            ? String.format(Locale.ROOT, "%,d of %,d executions", ex[1], ex[0])
                            : "more than 10,000 (not exhaustive)", held, SEEDS, shown, SEEDS * 100L));
                }
            }
        }
        System.out.println("| bug | depth | model | pct: seeds | pct: mean schedules | random: seeds | random: mean"
            + " schedules | budget |");
        rows.forEach(System.out::println);
        System.out.println("| bug | design | 20 seeds x budget, pct and random |");
        designs.forEach(System.out::println);
        System.out.println("| bug | litmus exhaustive (naive or DPOR, limit 10,000): executions showing it | "
            + "uniform sampling, 100 executions: seeds | samples showing it |");
        litmus.forEach(System.out::println);
    }
}
