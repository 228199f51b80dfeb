package org.splicelab.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusFormat;
import org.splicelab.litmus.LitmusRunner;

/**
 * The model and the kernel on one litmus file, compared (ADR 0014). A final state is compared by its
 * registers (counts, errnos, the bytes read) and whether it ended blocked; the model's violation names
 * are not something a kernel reports, so conditions naming {@code violation(...)} are not compared.
 * <ul>
 *   <li>one process: both sides are deterministic, so their sets of final states must be equal;</li>
 *   <li>several: every state the kernel reached must be one the model offers (a state the model offers
 *       and the kernel did not reach in its runs is shown, not counted as a difference);</li>
 *   <li>every condition's verdict must be the same on both sides;</li>
 *   <li>a problem on either side (a failed execution, a violation no condition names) is a difference.</li>
 * </ul>
 */
public final class KernelComparison {
    private static final int LEFT_MAX = 60;

    /** The two outcomes and what differs between them (empty: they agree). */
    public record Result(LitmusRunner.Outcome model, KernelRunner.KernelOutcome kernel, List<String> differences) {
        public boolean agrees() {
            return differences.isEmpty();
        }
    }

    private KernelComparison() {
    }

    public static Result compare(final LitmusRunner.Outcome model, final KernelRunner.KernelOutcome kernel) {
        final List<String> diffs = new ArrayList<>();
        final Map<FinalState, Long> m = project(model.states());
        final Map<FinalState, Long> k = project(kernel.outcome().states());
        final boolean single = model.test().processes().size() <= 1;
        for (final FinalState s : k.keySet()) {
            if (!m.containsKey(s)) {
                diffs.add("the kernel reached a state the model does not offer: " + line(model, s));
            }
        }
        if (single) {
            for (final FinalState s : m.keySet()) {
                if (!k.containsKey(s)) {
                    diffs.add("the model's state was not the kernel's: " + line(model, s));
                }
            }
        }
        for (int i = 0; i < model.verdicts().size() && i < kernel.outcome().verdicts().size(); i++) {
            final LitmusRunner.Verdict mv = model.verdicts().get(i);
            final LitmusRunner.Verdict kv = kernel.outcome().verdicts().get(i);
            if (!LitmusRunner.namesViolation(mv.condition().expr()) && mv.ok() != kv.ok()) {
                diffs.add("line " + mv.condition().line() + " " + mv.condition().text() + ": model "
                    + (mv.ok() ? "ok" : "FAILED") + ", kernel " + (kv.ok() ? "ok" : "FAILED"));
            }
        }
        model.problems().forEach(p -> diffs.add("model: " + p));
        kernel.outcome().problems().forEach(p -> diffs.add("kernel: " + p));
        return new Result(model, kernel, diffs);
    }

    private static Map<FinalState, Long> project(final List<LitmusRunner.StateCount> states) {
        final Map<FinalState, Long> out = new LinkedHashMap<>();
        for (final LitmusRunner.StateCount sc : states) {
            out.merge(new FinalState(sc.state().registers(), sc.state().deadlock(), Set.of()), sc.count(), Long::sum);
        }
        return out;
    }

    private static String line(final LitmusRunner.Outcome o, final FinalState s) {
        final String l = LitmusFormat.stateLine(o.test(), s);
        return l.isEmpty() ? "(no register set)" : l;
    }

    /** The side-by-side block: states (count on each side), verdicts, then each difference. */
    public static String text(final Result r) {
        final LitmusRunner.Outcome model = r.model();
        final KernelRunner.KernelOutcome kernel = r.kernel();
        final StringBuilder sb = new StringBuilder();
        sb.append("Check ").append(model.test().name()).append(": model ").append(model.model().id()).append(" (")
            .append(model.executions()).append(model.executions() == 1 ? " execution" : " executions").append(") vs ")
            .append(kernel.label()).append(" (").append(kernel.outcome().executions())
            .append(kernel.outcome().executions() == 1 ? " run" : " runs").append("): ")
            .append(r.agrees() ? "agree" : "DIFFER").append('\n');
        final Map<FinalState, Long> m = project(model.states());
        final Map<FinalState, Long> k = project(kernel.outcome().states());
        final Set<FinalState> all = new LinkedHashSet<>(m.keySet());
        all.addAll(k.keySet());
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"model", "kernel"});
        for (final FinalState s : all) {
            final String l = line(model, s);
            rows.add(new String[] {m.containsKey(s) ? String.format("%-3d %s", m.get(s), l) : "",
                k.containsKey(s) ? String.format("%-3d %s", k.get(s), l) : ""});
        }
        for (int i = 0; i < model.verdicts().size(); i++) {
            final LitmusRunner.Verdict mv = model.verdicts().get(i);
            final LitmusRunner.Verdict kv = i < kernel.outcome().verdicts().size() ? kernel.outcome().verdicts().get(i) : null;
            final boolean unobservable = LitmusRunner.namesViolation(mv.condition().expr());
            rows.add(new String[] {mv.condition().text() + "  " + mv.condition().kind().quantifier() + "  " + verdict(mv),
                unobservable ? "(not observable on a kernel)" : kv == null ? "" : verdict(kv)});
        }
        int width = 0;
        for (final String[] row : rows) {
            width = Math.max(width, Math.min(LEFT_MAX, row[0].length()));
        }
        for (final String[] row : rows) {
            sb.append("  ").append(row[0]).append(" ".repeat(Math.max(1, width - row[0].length() + 1)))
                .append("| ").append(row[1]).append('\n');
        }
        for (final String d : r.differences()) {
            sb.append("  difference: ").append(d).append('\n');
        }
        return sb.toString();
    }

    private static String verdict(final LitmusRunner.Verdict v) {
        return v.ok() ? "ok" : "FAILED (held in " + v.holding() + " of " + v.executions() + ")";
    }
}
