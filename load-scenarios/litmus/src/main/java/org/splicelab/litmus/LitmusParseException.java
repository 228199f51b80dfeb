package org.splicelab.litmus;

/**
 * A malformed litmus file: the first error, at a 1-based line and column. The message reads
 * {@code FILE:LINE:COL: expected X, found Y}.
 */
public final class LitmusParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String fileLabel;
    private final int line;
    private final int column;
    private final String detail;

    public LitmusParseException(final String fileLabel, final int line, final int column, final String detail) {
        super(fileLabel + ":" + line + ":" + column + ": " + detail);
        this.fileLabel = fileLabel;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** The label the parser was given for the file (usually its path). */
    public String fileLabel() {
        return fileLabel;
    }

    /** 1-based line of the error. */
    public int line() {
        return line;
    }

    /** 1-based column of the error. */
    public int column() {
        return column;
    }

    /** The message without the {@code FILE:LINE:COL: } prefix. */
    public String detail() {
        return detail;
    }
}
