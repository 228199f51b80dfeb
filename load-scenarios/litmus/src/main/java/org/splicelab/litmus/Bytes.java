package org.splicelab.litmus;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An immutable byte string: a data literal of a litmus file or the bytes a call returned. Equality
 * and hashing are by content; ordering is lexicographic on unsigned bytes. {@link #toString()} is the
 * litmus literal ({@code 'A'*50+"XXXX"}).
 */
public record Bytes(byte[] data) implements Comparable<Bytes> {
    /** No bytes ({@code ""}). */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    public Bytes {
        data = data.clone();
    }

    /** A copy of the bytes. */
    @Override
    public byte[] data() {
        return data.clone();
    }

    /** The given bytes. */
    public static Bytes of(final byte... bytes) {
        return new Bytes(bytes);
    }

    /** The UTF-8 encoding of {@code text} (for ASCII: one byte per character). */
    public static Bytes of(final String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code count} copies of {@code b}: the literal {@code 'c'*N}. */
    public static Bytes repeat(final byte b, final int count) {
        final byte[] bytes = new byte[count];
        Arrays.fill(bytes, b);
        return new Bytes(bytes);
    }

    public int length() {
        return data.length;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** The byte at {@code index}, 0..255. */
    public int byteAt(final int index) {
        return data[index] & 0xFF;
    }

    /** Bytes {@code from} (inclusive) to {@code to} (exclusive). */
    public Bytes slice(final int from, final int to) {
        return new Bytes(Arrays.copyOfRange(data, from, to));
    }

    /** These bytes followed by {@code other}: the literal {@code A + B}. */
    public Bytes concat(final Bytes other) {
        final byte[] joined = Arrays.copyOf(data, data.length + other.data.length);
        System.arraycopy(other.data, 0, joined, data.length, other.data.length);
        return new Bytes(joined);
    }

    @Override
    public int compareTo(final Bytes other) {
        return Arrays.compareUnsigned(data, other.data);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Bytes b && Arrays.equals(data, b.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return LitmusFormat.data(this);
    }
}
