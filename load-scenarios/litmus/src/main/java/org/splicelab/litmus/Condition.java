package org.splicelab.litmus;

import java.util.List;
import java.util.Objects;
import org.splicelab.protocols.KernelModel;

/**
 * {@code [models] expect|exists|forbid EXPR}. {@code models} is empty when the condition applies to
 * every model. {@code text} is the source from the keyword to the end of the expression, as written
 * ({@code expect r1 == "B"}), for printing beside the verdict.
 */
public record Condition(Kind kind, List<KernelModel> models, Expr expr, String text, int line) {
    /** The quantifier over executions. */
    public enum Kind {
        /** {@code expect}: holds in every execution. */
        EXPECT("expect", "Always"),
        /** {@code exists}: holds in at least one execution. */
        EXISTS("exists", "Sometimes"),
        /** {@code forbid}: holds in no execution. */
        FORBID("forbid", "Never");

        private final String keyword;
        private final String quantifier;

        Kind(final String keyword, final String quantifier) {
            this.keyword = keyword;
            this.quantifier = quantifier;
        }

        /** {@code expect}, {@code exists} or {@code forbid}. */
        public String keyword() {
            return keyword;
        }

        /** {@code Always}, {@code Sometimes} or {@code Never}, as the report prints it. */
        public String quantifier() {
            return quantifier;
        }

        /** The verdict when the expression held in {@code holding} of {@code executions} executions. */
        public boolean satisfied(final long holding, final long executions) {
            return switch (this) {
                case EXPECT -> holding == executions;
                case EXISTS -> holding > 0;
                case FORBID -> holding == 0;
            };
        }
    }

    public Condition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expr, "expr");
        Objects.requireNonNull(text, "text");
        models = List.copyOf(models);
    }

    /**
     * True when the condition is checked under {@code model}: it names no model, names this one, or
     * names the design a racy model breaks (a racy variant must answer for its design).
     */
    public boolean appliesTo(final KernelModel model) {
        return models.isEmpty() || models.contains(model) || models.contains(model.base());
    }
}
