package org.splicelab.litmus;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints litmus outcomes as LITMUS.md shows them, or as JSON ({@code --format json}). */
public final class LitmusReport {
    private static final int CONDITION_COLUMN = 35;

    private LitmusReport() {
    }

    /** One block per outcome, LITMUS.md's layout. */
    public static String text(final LitmusRunner.Outcome o) {
        return text(o, false);
    }

    /** LITMUS.md's layout, then (with {@code stats}) the kernel's figures summed over the executions. */
    public static String text(final LitmusRunner.Outcome o, final boolean stats) {
        return text(o, stats, "model " + o.model().id());
    }

    /** {@link #text(LitmusRunner.Outcome, boolean)} with {@code label} in the header's parentheses ({@code kernel 6.18 on ext4}). */
    public static String text(final LitmusRunner.Outcome o, final boolean stats, final String label) {
        final StringBuilder sb = new StringBuilder();
        sb.append("Test ").append(o.test().name()).append(" (").append(label).append("): ")
            .append(o.executions()).append(o.executions() == 1 ? " execution" : " executions")
            .append(o.exploration()).append(", ").append(o.states().size())
            .append(o.states().size() == 1 ? " state" : " states").append('\n');
        for (final LitmusRunner.StateCount sc : o.states()) {
            sb.append(String.format("  %-2d %s%n", sc.count(), LitmusFormat.stateLine(o.test(), sc.state())));
        }
        for (final LitmusRunner.Verdict v : o.verdicts()) {
            final String text = v.condition().text();
            sb.append(text);
            sb.append(" ".repeat(Math.max(1, CONDITION_COLUMN - text.length())));
            sb.append(v.condition().kind().quantifier()).append("  ");
            sb.append(v.ok() ? "ok" : "FAILED (held in " + v.holding() + " of " + v.executions() + ")");
            sb.append('\n');
        }
        for (final String p : o.problems()) {
            sb.append("problem: ").append(p).append('\n');
        }
        if (label.startsWith("model ") && SpliceReadPaths.relevant(o.test())) {
            for (final String line : SpliceReadPaths.lines(o.test(), o.model())) {
                sb.append("path: ").append(line).append('\n');
            }
        }
        if (stats) {
            sb.append("stats:");
            o.stats().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * herd7's shape, for the tools and eyes that read it: {@code Test NAME Allowed|Required}, the
     * states ({@code r0=4096; r1="B";}), then per condition {@code Ok|No}, the witnesses and
     * {@code Observation NAME Always|Sometimes|Never P N}: P executions where the condition's expression
     * held, N where it did not (what was observed, whatever the condition asked for).
     */
    public static String herd(final LitmusRunner.Outcome o) {
        final StringBuilder sb = new StringBuilder();
        final boolean required = o.verdicts().stream()
            .allMatch(v -> v.condition().kind() == Condition.Kind.EXPECT) && !o.verdicts().isEmpty();
        sb.append("Test ").append(o.test().name()).append(required ? " Required" : " Allowed")
            .append(" (model ").append(o.model().id()).append(")\n");
        sb.append("States ").append(o.states().size()).append('\n');
        for (final LitmusRunner.StateCount sc : o.states()) {
            sb.append(String.join("; ", LitmusFormat.stateParts(o.test().registers(), sc.state()))).append(";\n");
        }
        for (final LitmusRunner.Verdict v : o.verdicts()) {
            final long p = v.holding();
            final long n = v.executions() - p;
            sb.append(v.ok() ? "Ok" : "No").append('\n');
            sb.append("Witnesses\n");
            sb.append("Positive: ").append(p).append(" Negative: ").append(n).append('\n');
            sb.append("Condition ").append(v.condition().text()).append('\n');
            sb.append("Observation ").append(o.test().name()).append(' ')
                .append(p == 0 ? "Never" : n == 0 ? "Always" : "Sometimes").append(' ').append(p).append(' ')
                .append(n).append('\n');
        }
        for (final String problem : o.problems()) {
            sb.append("problem: ").append(problem).append('\n');
        }
        sb.append('\n');
        return sb.toString();
    }

    /** The line after several outcomes: how many tests ran and how many failed (and could not be read). */
    public static String totals(final List<LitmusRunner.Outcome> outcomes, final int unreadable) {
        final long failed = outcomes.stream().filter(o -> !o.ok()).count();
        return outcomes.size() + (outcomes.size() == 1 ? " test, " : " tests, ") + failed + " failed"
            + (unreadable > 0 ? ", " + unreadable + (unreadable == 1 ? " file" : " files") + " not read" : "") + "\n";
    }

    /** Every outcome as one JSON document. */
    public static String json(final List<LitmusRunner.Outcome> outcomes, final List<String> errors) {
        final List<Object> tests = new ArrayList<>();
        for (final LitmusRunner.Outcome o : outcomes) {
            final Map<String, Object> t = new LinkedHashMap<>();
            t.put("test", o.test().name());
            t.put("model", o.model().id());
            t.put("executions", o.executions());
            t.put("exhaustive", o.executions() == 1 || o.exploration().contains("exhaustive"));
            t.put("ok", o.ok());
            final List<Object> states = new ArrayList<>();
            for (final LitmusRunner.StateCount sc : o.states()) {
                final Map<String, Object> s = new LinkedHashMap<>();
                s.put("count", sc.count());
                final Map<String, Object> regs = new LinkedHashMap<>();
                sc.state().registers().forEach((k, v) -> regs.put(k, LitmusFormat.value(v)));
                s.put("registers", regs);
                s.put("deadlock", sc.state().deadlock());
                s.put("violations", new ArrayList<>(sc.state().violations()));
                s.put("line", LitmusFormat.stateLine(o.test(), sc.state()));
                states.add(s);
            }
            t.put("states", states);
            final List<Object> conditions = new ArrayList<>();
            for (final LitmusRunner.Verdict v : o.verdicts()) {
                final Map<String, Object> c = new LinkedHashMap<>();
                c.put("condition", v.condition().text());
                c.put("line", v.condition().line());
                c.put("quantifier", v.condition().kind().quantifier());
                c.put("holding", v.holding());
                c.put("ok", v.ok());
                conditions.add(c);
            }
            t.put("conditions", conditions);
            t.put("problems", o.problems());
            t.put("stats", o.stats());
            tests.add(t);
        }
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("tests", tests);
        root.put("errors", errors);
        return ConfigValueFactory.fromAnyRef(root).render(
            ConfigRenderOptions.concise().setJson(true).setFormatted(true)) + "\n";
    }
}
