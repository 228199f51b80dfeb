package org.splicelab.litmus;

/**
 * One lexical token: kind, source text, position (1-based line and column; 0-based offsets into the
 * source, {@code end} exclusive), and the decoded value of an integer or a string/character literal.
 */
record Token(Kind kind, String text, int line, int column, int start, int end, long number, Bytes data) {
    enum Kind {
        NAME, INT, STRING, CHAR,
        ARROW("'->'"), AT("'@'"), DOT("'.'"), DOTDOT("'..'"), COLON("':'"), COMMA("','"),
        LBRACKET("'['"), RBRACKET("']'"), LBRACE("'{'"), RBRACE("'}'"), LPAREN("'('"), RPAREN("')'"),
        STAR("'*'"), PLUS("'+'"), ASSIGN("'='"),
        EQ("'=='"), NE("'!='"), LT("'<'"), LE("'<='"), GT("'>'"), GE("'>='"),
        AND("'&&'"), OR("'||'"), NOT("'!'"),
        NEWLINE("end of line"), EOF("end of file");

        private final String display;

        Kind() {
            this(null);
        }

        Kind(final String display) {
            this.display = display;
        }

        /** How an "expected X" message names this kind. */
        String display() {
            return display != null ? display : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How an error message names this token: {@code 'foo'}, {@code '->'}, {@code end of line}. */
    String describe() {
        return switch (kind) {
            case NAME, INT -> "'" + text + "'";
            case STRING -> "string " + text;
            case CHAR -> "character " + text;
            default -> kind.display();
        };
    }

    boolean is(final Kind k) {
        return kind == k;
    }

    /** True for the name {@code word}. */
    boolean isName(final String word) {
        return kind == Kind.NAME && text.equals(word);
    }
}
