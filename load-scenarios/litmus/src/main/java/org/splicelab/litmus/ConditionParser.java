package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.List;
import org.splicelab.litmus.Token.Kind;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.Errno;
import org.splicelab.protocols.KernelModel;

/**
 * Parses condition lines: {@code [models] expect|exists|forbid EXPR}, where {@code ||} binds loosest,
 * then {@code &&}, then {@code !}. Comparisons whose sides can never match (an integer against data)
 * and orderings of errno names are errors, since they could only ever be false.
 */
final class ConditionParser {
    private static final String TERM = "a register, len(REG), an integer, an errno name or a data literal";

    private final TokenCursor in;
    private final Scope scope;

    ConditionParser(final TokenCursor in, final Scope scope) {
        this.in = in;
        this.scope = scope;
    }

    Condition condition() {
        final List<KernelModel> models = in.at(Kind.LBRACKET) ? models() : List.of();
        final Token kw = in.peek();
        final Condition.Kind kind = kind(kw);
        in.next();
        final Expr expr = or();
        final Token last = in.previous();
        if (!in.at(Kind.NEWLINE)) {
            throw in.expected("'&&', '||' or end of line");
        }
        in.next();
        return new Condition(kind, models, expr, in.text(kw, last), kw.line());
    }

    private Condition.Kind kind(final Token kw) {
        for (final Condition.Kind k : Condition.Kind.values()) {
            if (kw.isName(k.keyword())) {
                return k;
            }
        }
        throw in.expected("'expect', 'exists' or 'forbid'");
    }

    private List<KernelModel> models() {
        in.next();
        final List<KernelModel> models = new ArrayList<>();
        do {
            final Token name = in.expectName("a model name (" + KernelModel.ids() + ")");
            final KernelModel model;
            try {
                model = KernelModel.fromId(name.text());
            } catch (final IllegalArgumentException e) {
                throw in.error(name, e.getMessage());
            }
            if (models.contains(model)) {
                throw in.error(name, "model '" + name.text() + "' is listed twice");
            }
            models.add(model);
        } while (in.accept(Kind.COMMA));
        in.expect(Kind.RBRACKET, "',' or ']'");
        return models;
    }

    private Expr or() {
        Expr e = and();
        while (in.accept(Kind.OR)) {
            e = new Expr.Or(e, and());
        }
        return e;
    }

    private Expr and() {
        Expr e = unary();
        while (in.accept(Kind.AND)) {
            e = new Expr.And(e, unary());
        }
        return e;
    }

    private Expr unary() {
        if (in.accept(Kind.NOT)) {
            return new Expr.Not(unary());
        }
        if (in.accept(Kind.LPAREN)) {
            final Expr e = or();
            in.expect(Kind.RPAREN, "'&&', '||' or ')'");
            return e;
        }
        if (in.atName("deadlock")) {
            in.next();
            return new Expr.Deadlock();
        }
        if (in.atName("violation")) {
            return violation();
        }
        return comparison();
    }

    private Expr violation() {
        in.next();
        in.expect(Kind.LPAREN, "'(' after 'violation'");
        final Token name = in.expectName("a violation name");
        final Violation v;
        try {
            v = Violation.fromId(name.text());
        } catch (final IllegalArgumentException e) {
            throw in.error(name, e.getMessage());
        }
        in.expect(Kind.RPAREN, "')' after the violation name");
        return new Expr.Violated(v);
    }

    private Expr comparison() {
        if (!startsTerm(in.peek())) {
            throw in.expected("a condition (a comparison, !, '(', deadlock or violation(NAME))");
        }
        final Token start = in.peek();
        final Term left = term();
        final Token opToken = in.peek();
        final CompareOp op = compareOp(opToken);
        in.next();
        final Term right = term();
        check(start, left, op, opToken, right);
        return new Expr.Compare(left, op, right);
    }

    private CompareOp compareOp(final Token t) {
        return switch (t.kind()) {
            case EQ -> CompareOp.EQ;
            case NE -> CompareOp.NE;
            case LT -> CompareOp.LT;
            case LE -> CompareOp.LE;
            case GT -> CompareOp.GT;
            case GE -> CompareOp.GE;
            default -> throw in.expected("a comparison operator (==, !=, <, <=, >, >=)");
        };
    }

    private static boolean startsTerm(final Token t) {
        return t.is(Kind.NAME) || t.is(Kind.INT) || t.is(Kind.STRING) || t.is(Kind.CHAR);
    }

    private Term term() {
        final Token t = in.peek();
        if (t.is(Kind.INT)) {
            if (t.number() < 0) {
                throw in.error(t, "expected " + TERM + ", found " + t.text() + " (integers are never negative: a "
                    + "failed call's result is an errno name such as EINVAL)");
            }
            in.next();
            return new Term.Literal(Value.of(t.number()));
        }
        if (in.atDataLiteral()) {
            return new Term.Literal(Value.of(in.dataLiteral("a data literal")));
        }
        if (!t.is(Kind.NAME)) {
            throw in.expected(TERM);
        }
        if (t.isName("len") && in.peek(1).is(Kind.LPAREN)) {
            in.next();
            in.next();
            final String reg = register();
            in.expect(Kind.RPAREN, "')' after len(" + reg);
            return new Term.Length(reg);
        }
        final Errno errno = Errno.byName(t.text());
        if (errno != null) {
            in.next();
            return new Term.Literal(Value.of(errno));
        }
        final String reg = register();
        return in.accept(Kind.LBRACKET) ? index(reg) : new Term.Register(reg);
    }

    private Term index(final String reg) {
        final int from = in.expectInt("an index", 0, Integer.MAX_VALUE);
        if (!in.accept(Kind.DOTDOT)) {
            in.expect(Kind.RBRACKET, "'..' or ']'");
            return new Term.ByteAt(reg, from);
        }
        final Token endToken = in.peek();
        final int to = in.expectInt("the end of the slice", 0, Integer.MAX_VALUE);
        if (to < from) {
            throw in.error(endToken, "slice end " + to + " is before its start " + from);
        }
        in.expect(Kind.RBRACKET, "']'");
        return new Term.Slice(reg, from, to);
    }

    private String register() {
        final Token t = in.expectName("a register");
        if (scope.assigned(t.text())) {
            return t.text();
        }
        if (t.text().matches("E[A-Z0-9]+")) {
            throw in.error(t, "'" + t.text() + "' is not an errno name, and no process assigns a register of that name");
        }
        throw in.error(t, "register '" + t.text() + "' is never assigned by any process");
    }

    /** Rejects comparisons that can only be false: different kinds, or an ordering of errno names. */
    private void check(final Token start, final Term left, final CompareOp op, final Token opToken, final Term right) {
        final String l = kindOf(left);
        final String r = kindOf(right);
        if (op.ordering() && ("an errno".equals(l) || "an errno".equals(r))) {
            throw in.error(opToken, "'" + op.symbol() + "' orders integers or data, not errno names");
        }
        if (l != null && r != null && !l.equals(r)) {
            throw in.error(start, "comparing " + l + " (" + left + ") with " + r + " (" + right + ") is always "
                + (op == CompareOp.NE));
        }
    }

    /** What a term statically is, or null when only the execution knows (a bare register). */
    private static String kindOf(final Term t) {
        if (t instanceof Term.Length) {
            return "an integer";
        }
        if (t instanceof Term.ByteAt || t instanceof Term.Slice) {
            return "data";
        }
        if (t instanceof Term.Literal lit) {
            return lit.value() instanceof Value.Int ? "an integer" : lit.value() instanceof Value.Err ? "an errno" : "data";
        }
        return null;
    }
}
