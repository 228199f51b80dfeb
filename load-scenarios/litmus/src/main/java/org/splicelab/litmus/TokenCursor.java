package org.splicelab.litmus;

import java.util.List;
import org.splicelab.litmus.Token.Kind;

/** A position in the token list, with the "expected X, found Y" error helpers all the parsers share. */
final class TokenCursor {
    /** Longest data literal {@code 'c'*N} accepted (64 MiB). */
    static final int MAX_DATA_LENGTH = 1 << 26;
    /** Largest {@code repeat N} (a litmus test is a small program). */
    static final int MAX_REPEAT = 100_000;
    /** Most calls one process may make, repeats unrolled. */
    static final long MAX_CALLS = 1_000_000;

    private final String file;
    private final String source;
    private final List<Token> tokens;
    private int pos;

    TokenCursor(final String file, final String source) {
        this.file = file;
        this.source = source;
        this.tokens = new Lexer(file, source).tokenize();
    }

    Token peek() {
        return tokens.get(pos);
    }

    Token peek(final int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    Token next() {
        final Token t = tokens.get(pos);
        if (!t.is(Kind.EOF)) {
            pos++;
        }
        return t;
    }

    /** The token before the current one (the last consumed). */
    Token previous() {
        return tokens.get(Math.max(pos - 1, 0));
    }

    boolean at(final Kind kind) {
        return peek().is(kind);
    }

    boolean atName(final String word) {
        return peek().isName(word);
    }

    /** Consumes the next token if it is {@code kind}. */
    boolean accept(final Kind kind) {
        if (at(kind)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(final Kind kind, final String what) {
        if (!at(kind)) {
            throw expected(what);
        }
        return next();
    }

    Token expectName(final String what) {
        return expect(Kind.NAME, what);
    }

    /** An integer {@code >= 0} (lengths, offsets: never negative). */
    long expectInt(final String what) {
        final Token t = expect(Kind.INT, what);
        if (t.number() < 0) {
            throw error(t, "expected " + what + " (an integer >= 0), found " + t.text());
        }
        return t.number();
    }

    /** An integer that must lie in {@code [min, max]}; the error names {@code what}. */
    int expectInt(final String what, final int min, final int max) {
        final Token t = expect(Kind.INT, what);
        if (t.number() < min || t.number() > max) {
            throw error(t, what + " must be between " + min + " and " + max + ", found " + t.text());
        }
        return (int) t.number();
    }

    /** A long integer that must lie in {@code [min, max]}; the error names {@code what}. */
    long expectLong(final String what, final long min, final long max) {
        final Token t = expect(Kind.INT, what);
        if (t.number() < min || t.number() > max) {
            throw error(t, what + " must be between " + min + " and " + max + ", found " + t.text());
        }
        return t.number();
    }

    /** The end of the current line; {@code after} names what it follows, for the message. */
    void expectEndOfLine(final String after) {
        if (!at(Kind.NEWLINE)) {
            throw error(peek(), "expected end of line after " + after + ", found " + peek().describe());
        }
        next();
    }

    void skipBlankLines() {
        while (at(Kind.NEWLINE)) {
            next();
        }
    }

    boolean atDataLiteral() {
        return at(Kind.STRING) || at(Kind.CHAR);
    }

    /** {@code "text"}, {@code 'c'}, {@code 'c'*N}, joined by {@code +}. */
    Bytes dataLiteral(final String what) {
        Bytes result = dataPiece(what);
        while (accept(Kind.PLUS)) {
            result = result.concat(dataPiece("a data literal after '+'"));
            if (result.length() > MAX_DATA_LENGTH) {
                throw error(previous(), "data literal longer than " + MAX_DATA_LENGTH + " bytes");
            }
        }
        return result;
    }

    private Bytes dataPiece(final String what) {
        if (at(Kind.STRING)) {
            return next().data();
        }
        if (!at(Kind.CHAR)) {
            throw expected(what);
        }
        final Token c = next();
        if (!accept(Kind.STAR)) {
            return c.data();
        }
        final int count = expectInt("a repeat count after '*'", 0, MAX_DATA_LENGTH);
        return Bytes.repeat((byte) c.data().byteAt(0), count);
    }

    /** The source text from the start of {@code first} to the end of {@code last}. */
    String text(final Token first, final Token last) {
        return source.substring(first.start(), Math.max(first.start(), last.end()));
    }

    /** "expected WHAT, found NEXT" at the next token. */
    LitmusParseException expected(final String what) {
        return error(peek(), "expected " + what + ", found " + peek().describe());
    }

    LitmusParseException error(final Token at, final String message) {
        return new LitmusParseException(file, at.line(), at.column(), message);
    }
}
