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
        final StringBuilder sb = new StringBuilder();
        sb.append("Test ").append(o.test().name()).append(" (model ").append(o.model().id()).append("): ")
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
        if (stats) {
            sb.append("stats:");
            o.stats().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            sb.append('\n');
        }
        return sb.toString();
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
