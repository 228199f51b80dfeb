package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

/**
 * Shared sources and assertions for the parser tests. In an error source, {@code ^} marks where the
 * error must be reported: the helper removes it, parses, and checks line, column and message.
 */
final class LitmusSources {
    static final String FILE = "t.litmus";

    /** Declarations used by the statement and condition tests (lines 1-8). */
    static final String PREAMBLE = """
        litmus t
        file f size=4096 fill=A
        open d = f mode=ro
        pipe p
        pipe q size=65536 nonblock
        socketpair s tcp
        mem m size=8192
        mem n size=4096
        """;

    /** Line of the statement in {@link #statementSource(String)}. */
    static final int STATEMENT_LINE = 10;

    private LitmusSources() {
    }

    static LitmusTest parse(final String source) {
        return LitmusParser.parse(FILE, source);
    }

    /** The preamble and one process holding {@code statement} on line 10. */
    static String statementSource(final String statement) {
        return PREAMBLE + "process P0 {\n  " + statement + "\n}\n";
    }

    /** The only statement of a one-statement process. */
    static Statement.Call call(final String statement) {
        final List<Statement> body = parse(statementSource(statement)).processes().get(0).body();
        assertEquals(1, body.size());
        return (Statement.Call) body.get(0);
    }

    static Op op(final String statement) {
        return call(statement).op();
    }

    /** The preamble, a process assigning r0 (a count) and r1 (bytes), and {@code condition} on line 13. */
    static String conditionSource(final String condition) {
        return PREAMBLE + """
            process P0 {
              r0 = splice f@0 -> p 4096
              r1 = read p 1
            }
            """ + condition + "\n";
    }

    static Condition condition(final String condition) {
        final List<Condition> conditions = parse(conditionSource(condition)).conditions();
        assertEquals(1, conditions.size());
        return conditions.get(0);
    }

    static Expr expr(final String condition) {
        return condition(condition).expr();
    }

    /** Parses {@code marked} (with one {@code ^}) and asserts the error is at the mark with {@code message}. */
    static LitmusParseException assertErrorAt(final String marked, final String message) {
        final int mark = marked.indexOf('^');
        assertTrue(mark >= 0 && marked.indexOf('^', mark + 1) < 0, "exactly one ^ marker expected");
        final String source = marked.substring(0, mark) + marked.substring(mark + 1);
        final int line = (int) marked.substring(0, mark).chars().filter(c -> c == '\n').count() + 1;
        final int column = mark - (marked.lastIndexOf('\n', mark - 1) + 1) + 1;
        final LitmusParseException e = assertThrows(LitmusParseException.class, () -> parse(source));
        assertEquals(FILE + ":" + line + ":" + column + ": " + message, e.getMessage());
        return e;
    }

    static LitmusParseException assertStatementError(final String markedStatement, final String message) {
        return assertErrorAt(statementSource(markedStatement), message);
    }

    static LitmusParseException assertConditionError(final String markedCondition, final String message) {
        return assertErrorAt(conditionSource(markedCondition), message);
    }
}
