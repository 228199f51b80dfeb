package org.splicelab.litmus;

/** The comparison operators of a condition. */
public enum CompareOp {
    EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String symbol;

    CompareOp(final String symbol) {
        this.symbol = symbol;
    }

    /** {@code "=="}, {@code "<="}... */
    public String symbol() {
        return symbol;
    }

    /** True for {@code < <= > >=}, which need an order. */
    public boolean ordering() {
        return this != EQ && this != NE;
    }

    /** Applies an ordering operator to the sign of a comparison ({@code Long.compare} style). */
    boolean test(final int cmp) {
        return switch (this) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LE -> cmp <= 0;
            case GT -> cmp > 0;
            case GE -> cmp >= 0;
        };
    }
}
