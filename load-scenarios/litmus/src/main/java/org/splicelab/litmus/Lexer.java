package org.splicelab.litmus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.splicelab.litmus.Token.Kind;

/**
 * Splits litmus source into tokens. Newlines are tokens (one statement per line); a comment runs from
 * {@code #} to the end of the line and becomes the line's NEWLINE token; the last line always ends
 * with a NEWLINE before EOF.
 */
final class Lexer {
    private final String file;
    private final String src;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    Lexer(final String file, final String src) {
        this.file = file;
        this.src = src;
    }

    /** Tokenizes the whole source; throws at the first malformed token. */
    List<Token> tokenize() {
        while (pos < src.length()) {
            final char c = src.charAt(pos);
            if (c == '\n') {
                add(Kind.NEWLINE, pos, pos + 1);
                pos++;
                line++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '#') {
                add(Kind.NEWLINE, pos, pos);
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                if (pos < src.length()) {
                    pos++;
                    line++;
                    lineStart = pos;
                }
            } else {
                token(c);
            }
        }
        if (tokens.isEmpty() || !tokens.get(tokens.size() - 1).is(Kind.NEWLINE)) {
            add(Kind.NEWLINE, pos, pos);
        }
        add(Kind.EOF, pos, pos);
        return tokens;
    }

    private void token(final char c) {
        if (isNameStart(c)) {
            name();
        } else if (c >= '0' && c <= '9' || c == '-' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
            number();
        } else if (c == '"') {
            string();
        } else if (c == '\'') {
            character();
        } else {
            punctuation(c);
        }
    }

    private void name() {
        final int start = pos;
        pos++;
        while (pos < src.length() && isNamePart(src.charAt(pos)) && !arrowAt(pos)) {
            pos++;
        }
        add(Kind.NAME, start, pos);
    }

    /** An integer; a leading '-' makes it negative (then refused, with the rule, where it is read). */
    private void number() {
        final int start = pos;
        final boolean negative = src.charAt(pos) == '-';
        if (negative) {
            pos++;
        }
        final boolean hex = src.startsWith("0x", pos) || src.startsWith("0X", pos);
        final int digitsStart = hex ? pos + 2 : pos;
        pos = digitsStart;
        while (pos < src.length() && Character.digit(src.charAt(pos), hex ? 16 : 10) >= 0) {
            pos++;
        }
        if (pos == digitsStart) {
            throw error(start, "expected hex digits after '0x', found " + describeChar(pos));
        }
        if (pos < src.length() && isNamePart(src.charAt(pos)) && src.charAt(pos) != '-') {
            while (pos < src.length() && isNamePart(src.charAt(pos))) {
                pos++;
            }
            throw error(start, "malformed integer '" + src.substring(start, pos) + "'");
        }
        final long value;
        try {
            value = Long.parseLong((negative ? "-" : "") + src.substring(digitsStart, pos), hex ? 16 : 10);
        } catch (final NumberFormatException e) {
            throw error(start, "integer '" + src.substring(start, pos) + "' is too large");
        }
        tokens.add(new Token(Kind.INT, src.substring(start, pos), line, col(start), start, pos, value, null));
    }

    private void string() {
        final int start = pos;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        pos++;
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(start, "unterminated string: expected '\"' before " + (pos >= src.length() ? "end of file" : "end of line"));
            }
            final char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                break;
            }
            if (c == '\\') {
                out.write(escape('"'));
            } else {
                final int cp = src.codePointAt(pos);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                pos += Character.charCount(cp);
            }
        }
        literal(Kind.STRING, start, new Bytes(out.toByteArray()));
    }

    private void character() {
        final int start = pos;
        pos++;
        if (pos >= src.length() || src.charAt(pos) == '\n') {
            throw error(start, "unterminated character literal: expected a character and a closing \"'\"");
        }
        final char c = src.charAt(pos);
        if (c == '\'') {
            throw error(start, "empty character literal: expected one character between the quotes");
        }
        final int value;
        if (c == '\\') {
            value = escape('\'');
        } else if (c >= 0x80) {
            throw error(pos, "character literal must be one byte: write a non-ASCII byte as \\xHH");
        } else {
            value = c;
            pos++;
        }
        if (pos >= src.length() || src.charAt(pos) != '\'') {
            throw error(pos, "expected \"'\" to close the character literal, found " + describeChar(pos));
        }
        pos++;
        literal(Kind.CHAR, start, Bytes.of((byte) value));
    }

    /** Decodes the escape at {@code pos} (a backslash) and returns the byte. */
    private int escape(final char quote) {
        final int at = pos;
        final char e = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
        pos += 2;
        if (e == 'n') {
            return '\n';
        }
        if (e == 't') {
            return '\t';
        }
        if (e == '\\' || e == quote) {
            return e;
        }
        if (e == 'x') {
            final int hi = pos < src.length() ? Character.digit(src.charAt(pos), 16) : -1;
            final int lo = pos + 1 < src.length() ? Character.digit(src.charAt(pos + 1), 16) : -1;
            if (hi < 0 || lo < 0) {
                throw error(at, "bad escape: expected two hex digits after \\x");
            }
            pos += 2;
            return hi * 16 + lo;
        }
        final String found = e == '\n' || e == '\0' ? "end of line" : "'\\" + e + "'";
        throw error(at, "bad escape " + found + ": expected \\n, \\t, \\" + quote + ", \\\\ or \\xHH");
    }

    private void punctuation(final char c) {
        final int start = pos;
        final char next = pos + 1 < src.length() ? src.charAt(pos + 1) : '\0';
        final Kind kind = switch (c) {
            case '-' -> next == '>' ? Kind.ARROW : null;
            case '.' -> next == '.' ? Kind.DOTDOT : Kind.DOT;
            case '=' -> next == '=' ? Kind.EQ : Kind.ASSIGN;
            case '!' -> next == '=' ? Kind.NE : Kind.NOT;
            case '<' -> next == '=' ? Kind.LE : Kind.LT;
            case '>' -> next == '=' ? Kind.GE : Kind.GT;
            case '&' -> next == '&' ? Kind.AND : null;
            case '|' -> next == '|' ? Kind.OR : null;
            case '@' -> Kind.AT;
            case ':' -> Kind.COLON;
            case ',' -> Kind.COMMA;
            case '[' -> Kind.LBRACKET;
            case ']' -> Kind.RBRACKET;
            case '{' -> Kind.LBRACE;
            case '}' -> Kind.RBRACE;
            case '(' -> Kind.LPAREN;
            case ')' -> Kind.RPAREN;
            case '*' -> Kind.STAR;
            case '+' -> Kind.PLUS;
            default -> null;
        };
        if (kind == null) {
            final String hint = switch (c) {
                case '-' -> "expected '->', found '-'" + (next >= '0' && next <= '9'
                    ? " (integers are never negative: a failed call's result is an errno name such as EINVAL)" : "");
                case '&' -> "expected '&&', found '&'";
                case '|' -> "expected '||', found '|'";
                default -> "unexpected " + (c < 0x20 || c == 0x7F ? "" : "character ") + describeChar(pos);
            };
            throw error(start, hint);
        }
        pos += kind.display().length() - 2; // the display is the symbol in quotes: '->' is 2 chars
        add(kind, start, pos);
    }

    private void add(final Kind kind, final int start, final int end) {
        tokens.add(new Token(kind, src.substring(start, end), line, col(start), start, end, 0, null));
    }

    private void literal(final Kind kind, final int start, final Bytes data) {
        tokens.add(new Token(kind, src.substring(start, pos), line, col(start), start, pos, 0, data));
    }

    private boolean arrowAt(final int at) {
        return src.charAt(at) == '-' && at + 1 < src.length() && src.charAt(at + 1) == '>';
    }

    private String describeChar(final int at) {
        if (at >= src.length()) {
            return "end of file";
        }
        final int cp = src.codePointAt(at);
        if (cp == '\n') {
            return "end of line";
        }
        return cp < 0x20 || cp == 0x7F ? String.format("character U+%04X", cp) : "'" + new String(Character.toChars(cp)) + "'";
    }

    private int col(final int offset) {
        return offset - lineStart + 1;
    }

    private LitmusParseException error(final int offset, final String message) {
        return new LitmusParseException(file, line, col(offset), message);
    }

    static boolean isNameStart(final char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    static boolean isNamePart(final char c) {
        return isNameStart(c) || c >= '0' && c <= '9' || c == '-';
    }
}
