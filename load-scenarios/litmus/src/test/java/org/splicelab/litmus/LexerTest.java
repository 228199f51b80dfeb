package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.splicelab.litmus.Token.Kind;

class LexerTest {
    private static List<Token> lex(final String source) {
        return new Lexer("x.litmus", source).tokenize();
    }

    private static List<Kind> kinds(final String source) {
        return lex(source).stream().map(Token::kind).toList();
    }

    private static List<String> texts(final String source) {
        return lex(source).stream().map(Token::text).toList();
    }

    @Test
    void shouldSplitAStatementIntoTokens() {
        assertEquals(List.of(Kind.NAME, Kind.ASSIGN, Kind.NAME, Kind.NAME, Kind.AT, Kind.INT, Kind.ARROW, Kind.NAME,
                Kind.DOT, Kind.NAME, Kind.INT, Kind.NAME, Kind.NEWLINE, Kind.EOF),
            kinds("r0 = splice f@0 -> p.w 4096 move\n"));
    }

    @Test
    void shouldRecordOneBasedLinesAndColumns() {
        final List<Token> tokens = lex("litmus t\n  read p 1\n");
        final Token read = tokens.get(3);
        assertEquals("read", read.text());
        assertEquals(2, read.line());
        assertEquals(3, read.column());
        final Token one = tokens.get(5);
        assertEquals(2, one.line());
        assertEquals(10, one.column());
    }

    @Test
    void shouldLexEveryOperator() {
        assertEquals(List.of(Kind.EQ, Kind.NE, Kind.LT, Kind.LE, Kind.GT, Kind.GE, Kind.AND, Kind.OR, Kind.NOT,
                Kind.LPAREN, Kind.RPAREN, Kind.LBRACKET, Kind.RBRACKET, Kind.LBRACE, Kind.RBRACE, Kind.COMMA,
                Kind.COLON, Kind.DOTDOT, Kind.DOT, Kind.STAR, Kind.PLUS, Kind.ASSIGN, Kind.ARROW, Kind.AT,
                Kind.NEWLINE, Kind.EOF),
            kinds("== != < <= > >= && || ! ( ) [ ] { } , : .. . * + = -> @"));
    }

    @Test
    void shouldAllowDashesInNamesButNotSwallowAnArrow() {
        assertEquals(List.of("private-pages", "f", "->", "p", "", ""), texts("private-pages f->p"));
        assertEquals(List.of("a-b-", "x"), texts("a-b- x").subList(0, 2));
    }

    @Test
    void shouldDecodeDecimalAndHexIntegers() {
        final List<Token> tokens = lex("4096 0x1000 0X1f 007");
        assertEquals(List.of(4096L, 4096L, 31L, 7L), tokens.subList(0, 4).stream().map(Token::number).toList());
    }

    @Test
    void shouldDecodeStringEscapes() {
        final Token t = lex("\"a\\n\\t\\\"\\\\\\x41\\xff#\"").get(0);
        assertEquals(Kind.STRING, t.kind());
        assertEquals(Bytes.of((byte) 'a', (byte) '\n', (byte) '\t', (byte) '"', (byte) '\\', (byte) 'A',
            (byte) 0xFF, (byte) '#'), t.data());
    }

    @Test
    void shouldDecodeCharacterLiteralsAndTheirEscapes() {
        assertEquals(Bytes.of("c"), lex("'c'").get(0).data());
        assertEquals(Bytes.of("'"), lex("'\\''").get(0).data());
        assertEquals(Bytes.of((byte) 0), lex("'\\x00'").get(0).data());
        assertEquals(Bytes.of("\""), lex("'\"'").get(0).data());
    }

    @Test
    void shouldTurnACommentIntoTheEndOfItsLine() {
        final List<Token> tokens = lex("read p 1 # read one byte\nclose p.r");
        assertEquals(Kind.NEWLINE, tokens.get(3).kind());
        assertEquals(10, tokens.get(3).column());
        assertEquals("close", tokens.get(4).text());
        assertEquals(2, tokens.get(4).line());
    }

    @Test
    void shouldEndTheLastLineEvenWithoutANewline() {
        assertEquals(List.of(Kind.NAME, Kind.NEWLINE, Kind.EOF), kinds("x"));
        assertEquals(List.of(Kind.NEWLINE, Kind.EOF), kinds(""));
        assertEquals(List.of(Kind.NAME, Kind.NEWLINE, Kind.EOF), kinds("x # trailing comment"));
    }

    @Test
    void shouldTreatCarriageReturnsAsSpace() {
        assertEquals(List.of(Kind.NAME, Kind.NEWLINE, Kind.NAME, Kind.NEWLINE, Kind.EOF), kinds("a\r\nb\r\n"));
    }

    @Test
    void shouldKeepAStringsHashAsData() {
        assertEquals(List.of(Kind.NAME, Kind.STRING, Kind.NEWLINE, Kind.EOF), kinds("write \"a#b\""));
    }
}
