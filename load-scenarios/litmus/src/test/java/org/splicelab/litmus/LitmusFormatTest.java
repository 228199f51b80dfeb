package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.splicelab.protocols.Errno;

class LitmusFormatTest {
    private static Bytes a(final int n) {
        return Bytes.repeat((byte) 'A', n);
    }

    /** Parses a rendered literal back with the lexer and the cursor. */
    private static Bytes reparse(final String literal) {
        return new TokenCursor("x", literal).dataLiteral("a data literal");
    }

    @Test
    void shouldRenderValuesAsLitmusMdShowsThem() {
        assertEquals("4096", LitmusFormat.value(Value.of(4096)));
        assertEquals("0", LitmusFormat.value(Value.of(0)));
        assertEquals("EAGAIN", LitmusFormat.value(Value.of(Errno.EAGAIN)));
        assertEquals("\"B\"", LitmusFormat.value(Value.of("B")));
        assertEquals("\"\"", LitmusFormat.value(Value.of("")));
        assertEquals("EPIPE", Value.of(Errno.EPIPE).toString());
    }

    @Test
    void shouldRunLengthEncodeLongData() {
        assertEquals("'A'*50+\"XXXX\"", LitmusFormat.data(a(50).concat(Bytes.of("XXXX"))));
        assertEquals("'A'*4096", LitmusFormat.data(a(4096)));
        assertEquals("\"ab\"+'c'*8+\"de\"", LitmusFormat.data(Bytes.of("abccccccccde")));
        assertEquals("'A'*8+'B'*9", LitmusFormat.data(a(8).concat(Bytes.repeat((byte) 'B', 9))));
        assertEquals("\"XY\"+'\\x00'*4094", LitmusFormat.data(Bytes.of("XY").concat(Bytes.repeat((byte) 0, 4094))));
    }

    @Test
    void shouldRunLengthEncodeFromEightBytesOn() {
        assertEquals("\"AAAAAAA\"", LitmusFormat.data(a(7)));
        assertEquals("'A'*8", LitmusFormat.data(a(8)));
        assertEquals("\"xAAAAAAAy\"", LitmusFormat.data(Bytes.of("x").concat(a(7)).concat(Bytes.of("y"))));
    }

    @ParameterizedTest(name = "byte {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '%', value = {
        "34|\"\\\"\"", "92|\"\\\\\"", "10|\"\\n\"", "9|\"\\t\"", "0|\"\\x00\"", "255|\"\\xff\"", "127|\"\\x7f\"",
        "13|\"\\x0d\"", "39|\"'\"", "32|\" \"", "126|\"~\""})
    void shouldEscapeBytesInStrings(final int b, final String expected) {
        assertEquals(expected, LitmusFormat.data(Bytes.of((byte) b)));
    }

    @Test
    void shouldEscapeTheQuoteOfACharacterRun() {
        assertEquals("'\\''*8", LitmusFormat.data(Bytes.repeat((byte) '\'', 8)));
        assertEquals("'\"'*8", LitmusFormat.data(Bytes.repeat((byte) '"', 8)));
        assertEquals("'\\\\'*8", LitmusFormat.data(Bytes.repeat((byte) '\\', 8)));
        assertEquals("'\\n'*10", LitmusFormat.data(Bytes.repeat((byte) '\n', 10)));
    }

    @Test
    void shouldRenderDataThatParsesBackToTheSameBytes() {
        final Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            final byte[] bytes = new byte[random.nextInt(64)];
            for (int j = 0; j < bytes.length; j++) {
                bytes[j] = (byte) (random.nextBoolean() ? random.nextInt(256) : "AB\n'\"\\".charAt(random.nextInt(6)));
            }
            if (random.nextInt(4) == 0 && bytes.length > 10) {
                java.util.Arrays.fill(bytes, 2, 2 + random.nextInt(bytes.length - 2), (byte) random.nextInt(256));
            }
            final Bytes original = new Bytes(bytes);
            final String rendered = LitmusFormat.data(original);
            assertEquals(original, reparse(rendered), rendered);
        }
    }

    @Test
    void shouldPrintAStateLineInFirstAssignmentOrder() {
        final Map<String, Value> regs = new LinkedHashMap<>();
        regs.put("r1", Value.of("B"));
        regs.put("r0", Value.of(4096));
        assertEquals("r0=4096 r1=\"B\"", LitmusFormat.stateLine(List.of("r0", "r1"), FinalState.of(regs)));
        final LitmusTest t = LitmusSources.parse(LitmusParserTest.EXAMPLE);
        assertEquals("r0=4096 r1=\"B\"", LitmusFormat.stateLine(t, FinalState.of(regs)));
    }

    @Test
    void shouldLeaveOutUnsetRegistersAndAppendUnknownOnes() {
        final FinalState s = FinalState.of(Map.of("r2", Value.of(Errno.EAGAIN), "extra", Value.of(1)));
        assertEquals("r2=EAGAIN extra=1", LitmusFormat.stateLine(List.of("r0", "r2"), s));
        assertEquals("", LitmusFormat.stateLine(List.of("r0"), FinalState.of(Map.of())));
    }

    @Test
    void shouldMarkDeadlockAndViolations() {
        final FinalState s = new FinalState(Map.of("r0", Value.of(a(60))), true,
            Set.of("use-after-free", "page-leak"));
        assertEquals("r0='A'*60 deadlock violation(page-leak) violation(use-after-free)",
            LitmusFormat.stateLine(List.of("r0"), s));
    }
}
