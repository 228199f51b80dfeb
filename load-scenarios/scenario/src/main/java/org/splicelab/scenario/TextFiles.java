package org.splicelab.scenario;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the text files the commands take (scenarios, litmus tests, replay files): UTF-8 only, no NUL
 * byte, at most {@link #MAX_BYTES}. A file that is not text fails with {@link NotText}, whose message
 * names the file, the line and column of the first bad byte and what was expected; every other
 * failure is the {@link IOException} the file system gave.
 */
public final class TextFiles {
    /** The largest input file read (a scenario, a litmus test or a replay file is far smaller). */
    public static final long MAX_BYTES = 64L << 20;

    /** A file that is not UTF-8 text: {@code FILE:LINE:COL: expected UTF-8 text, found ...}. */
    public static final class NotText extends IOException {
        private static final long serialVersionUID = 1L;

        NotText(final String message) {
            super(message);
        }
    }

    private TextFiles() {
    }

    /** The text of {@code file}; {@link NotText} when it is binary, too large or not UTF-8. */
    public static String read(final Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new NotText(file + ": expected a file, found a directory");
        }
        final long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new NotText(file + ": expected a text file of at most " + (MAX_BYTES >> 20) + " MiB, found "
                + size + " bytes");
        }
        return decode(file.toString(), Files.readAllBytes(file));
    }

    /** Decodes {@code bytes} read from {@code label}, strictly. */
    public static String decode(final String label, final byte[] bytes) throws NotText {
        final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        final CharBuffer out = CharBuffer.allocate(bytes.length);
        final CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw notText(label, bytes, in.position(), String.format("byte 0x%02X, which is not UTF-8",
                bytes[in.position()] & 0xFF));
        }
        decoder.flush(out);
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw notText(label, bytes, i, "a NUL byte (a binary file?)");
            }
        }
        out.flip();
        final String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static NotText notText(final String label, final byte[] bytes, final int at, final String found) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        final int column = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8).length() + 1;
        return new NotText(label + ":" + line + ":" + column + ": expected UTF-8 text, found " + found);
    }
}
