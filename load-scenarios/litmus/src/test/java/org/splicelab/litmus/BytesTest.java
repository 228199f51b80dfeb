package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BytesTest {
    @Test
    void shouldCompareByContent() {
        final Bytes a = Bytes.of("abc");
        final Bytes b = Bytes.of((byte) 'a', (byte) 'b', (byte) 'c');
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Bytes.of("abd"));
        assertNotEquals(a, Bytes.of("ab"));
        assertNotEquals(a, "abc");
    }

    @Test
    void shouldCopyArraysInAndOut() {
        final byte[] source = {1, 2, 3};
        final Bytes b = new Bytes(source);
        source[0] = 9;
        assertEquals(1, b.byteAt(0));
        final byte[] out = b.data();
        out[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, b.data());
    }

    @Test
    void shouldOrderLexicographicallyOnUnsignedBytes() {
        final List<Bytes> list = new ArrayList<>(List.of(
            Bytes.of((byte) 0xFF), Bytes.of("B"), Bytes.of("AB"), Bytes.EMPTY, Bytes.of("A"), Bytes.of((byte) 0x7F)));
        Collections.sort(list);
        assertEquals(List.of(Bytes.EMPTY, Bytes.of("A"), Bytes.of("AB"), Bytes.of("B"), Bytes.of((byte) 0x7F),
            Bytes.of((byte) 0xFF)), list);
        assertTrue(Bytes.of("A").compareTo(Bytes.of("A")) == 0);
    }

    @Test
    void shouldSliceConcatAndRepeat() {
        final Bytes b = Bytes.of("hello");
        assertEquals(Bytes.of("ell"), b.slice(1, 4));
        assertEquals(Bytes.EMPTY, b.slice(2, 2));
        assertEquals(Bytes.of("hello world"), b.concat(Bytes.of(" world")));
        assertEquals(Bytes.of("zzzz"), Bytes.repeat((byte) 'z', 4));
        assertEquals(0, Bytes.repeat((byte) 'z', 0).length());
        assertEquals(5, b.length());
        assertTrue(Bytes.EMPTY.isEmpty());
    }

    @Test
    void shouldReturnUnsignedByteValues() {
        assertEquals(0xFF, Bytes.of((byte) -1).byteAt(0));
        assertEquals('A', Bytes.of("A").byteAt(0));
    }

    @Test
    void shouldPrintAsLitmusLiteral() {
        assertEquals("'A'*50+\"XXXX\"", Bytes.repeat((byte) 'A', 50).concat(Bytes.of("XXXX")).toString());
        assertEquals("\"\"", Bytes.EMPTY.toString());
    }
}
