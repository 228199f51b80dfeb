package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.splicelab.litmus.Token.Kind;
import org.splicelab.protocols.SpliceFlag;

/** Parses process bodies: one statement per line, {@code repeat} blocks, operands resolved against the {@link Scope}. */
final class StatementParser {
    static final List<String> OPS = List.of("splice", "vmsplice", "tee", "sendfile", "read", "pread", "write",
        "pwrite", "truncate", "fsync", "fadvise", "size", "setpipe", "getpipe", "fionread", "close", "store", "load",
        "watchsize", "notify", "relaywrite");

    private static final List<String> FLAG_NAMES = Stream.of(SpliceFlag.values())
        .map(f -> f.name().toLowerCase(Locale.ROOT)).toList();

    private static final String FLAG_WORDS = String.join(", ", FLAG_NAMES) + ", flags=N";

    /** How a bare pipe name resolves: data taken from it (.r), put into it (.w), a pipe-wide call (.r), or never. */
    private enum Use { TAKE, PUT, PIPE_WIDE, NONE }

    private final TokenCursor in;
    private final Scope scope;
    private String process;

    StatementParser(final TokenCursor in, final Scope scope) {
        this.in = in;
        this.scope = scope;
    }

    /** The statements of process {@code name}, from after its opening line through its closing brace. */
    List<Statement> processBody(final String name, final Token open) {
        process = name;
        final List<Statement> body = block("process " + name, open);
        if (calls(body) > TokenCursor.MAX_CALLS) {
            throw in.error(open, "expected at most " + TokenCursor.MAX_CALLS + " calls in a process, found "
                + calls(body) + " in process " + name + " (repeats unrolled)");
        }
        return body;
    }

    /** The calls {@code body} makes, repeats unrolled. */
    private static long calls(final List<Statement> body) {
        long n = 0;
        for (final Statement s : body) {
            n += s instanceof Statement.Repeat r ? r.count() * calls(r.body()) : 1;
        }
        return n;
    }

    private List<Statement> block(final String what, final Token open) {
        final List<Statement> body = new ArrayList<>();
        while (true) {
            in.skipBlankLines();
            if (in.accept(Kind.RBRACE)) {
                in.expectEndOfLine("'}'");
                return body;
            }
            if (in.at(Kind.EOF)) {
                throw in.expected("'}' to close " + what + " (opened at line " + open.line() + ")");
            }
            body.add(statement(what, open));
        }
    }

    private Statement statement(final String what, final Token open) {
        final Token first = in.peek();
        if (first.isName("repeat") && !in.peek(1).is(Kind.ASSIGN)) {
            return repeat();
        }
        Optional<String> register = Optional.empty();
        if (first.is(Kind.NAME) && in.peek(1).is(Kind.ASSIGN)) {
            scope.assign(in.next(), process);
            in.next();
            register = Optional.of(first.text());
        }
        final Token kw = in.peek();
        if (register.isPresent() && (kw.isName("store") || kw.isName("repeat"))) {
            throw in.error(kw, kw.text() + " has no result to assign to " + first.text());
        }
        if (!kw.is(Kind.NAME) || !OPS.contains(kw.text())) {
            throw in.expected(register.isPresent()
                ? "an operation (" + String.join(", ", OPS) + ")"
                : "a statement or '}' to close " + what + " (opened at line " + open.line() + ")");
        }
        in.next();
        return new Statement.Call(register, op(kw), first.line());
    }

    private Statement repeat() {
        final Token kw = in.next();
        final Token countToken = in.peek();
        final int count = in.expectInt("a repeat count", 1, TokenCursor.MAX_REPEAT);
        final Token brace = in.expect(Kind.LBRACE, "'{' after the repeat count");
        in.expectEndOfLine("'{'");
        final List<Statement> body = block("the repeat block", brace);
        final long calls = calls(body);
        if (count * calls > TokenCursor.MAX_CALLS) {
            throw in.error(countToken, "expected at most " + TokenCursor.MAX_CALLS + " calls in a process, found "
                + "repeat " + count + " of " + calls + " call" + (calls == 1 ? "" : "s"));
        }
        return new Statement.Repeat(count, body, kw.line());
    }

    private Op op(final Token kw) {
        return switch (kw.text()) {
            case "splice" -> splice();
            case "vmsplice" -> vmsplice();
            case "tee" -> tee();
            case "sendfile" -> sendfile(kw);
            case "read" -> end(kw, new Op.Read(fd(Use.TAKE, "read takes no offset; use pread F@OFF LEN"), length()));
            case "pread" -> pread(kw);
            case "write" -> end(kw, new Op.Write(fd(Use.PUT, "write takes no offset; use pwrite F@OFF LIT"), data()));
            case "pwrite" -> pwrite(kw);
            case "truncate" -> end(kw, new Op.Truncate(fd(Use.NONE, "truncate takes no offset"), length()));
            case "fsync" -> end(kw, new Op.Fsync(fd(Use.NONE, "fsync takes no offset")));
            case "fadvise" -> fadvise(kw);
            case "size" -> end(kw, new Op.Size(fd(Use.NONE, "size takes no offset")));
            case "setpipe" -> end(kw, new Op.SetPipe(fd(Use.PIPE_WIDE, "setpipe takes no offset"),
                in.expectLong("a pipe size", 0, 0xFFFF_FFFFL)));
            case "getpipe" -> end(kw, new Op.GetPipe(fd(Use.PIPE_WIDE, "getpipe takes no offset")));
            case "fionread" -> end(kw, new Op.Fionread(fd(Use.TAKE, "fionread takes no offset")));
            case "close" -> end(kw, new Op.Close(fd(Use.NONE, "close takes no offset")));
            case "store" -> store(kw);
            case "load" -> load(kw);
            case "watchsize" -> end(kw, new Op.WatchSize(fd(Use.PIPE_WIDE, "watchsize takes no offset"),
                in.expectLong("a note count", 0, 0xFFFF_FFFFL)));
            case "notify" -> notify(kw);
            case "relaywrite" -> relayWrite(kw);
            default -> throw new IllegalStateException(kw.text());
        };
    }

    private Op splice() {
        final FdRef src = descriptor(Use.TAKE);
        final OptionalLong srcOffset = optionalOffset();
        arrow();
        final FdRef dst = descriptor(Use.PUT);
        final OptionalLong dstOffset = optionalOffset();
        final long length = length();
        return new Op.Splice(src, srcOffset, dst, dstOffset, length, flags());
    }

    private Op vmsplice() {
        if (in.at(Kind.LBRACKET)) {
            in.next();
            in.expect(Kind.RBRACKET, "']' (an empty iovec list is written [])");
            arrow();
            final FdRef pipe = fd(Use.PUT, "vmsplice takes no offset on the pipe");
            final Token len = in.peek();
            if (length() != 0) {
                throw in.error(len, "an empty iovec list [] has length 0, found " + len.text());
            }
            return new Op.VmspliceToPipe(Optional.empty(), pipe, 0, flags());
        }
        if (in.at(Kind.NAME) && !in.peek(1).is(Kind.COLON) && scope.object(in.peek()) instanceof Declaration.Mem) {
            final MemRef source = memory();
            arrow();
            final FdRef pipe = fd(Use.PUT, "vmsplice takes no offset on the pipe");
            final long length = length();
            return new Op.VmspliceToPipe(Optional.of(source), pipe, length, flags());
        }
        final FdRef pipe = fd(Use.TAKE, "vmsplice takes no offset on the pipe");
        arrow();
        final MemRef target = memory();
        final long length = length();
        return new Op.VmspliceFromPipe(pipe, target, length, flags());
    }

    private Op tee() {
        final FdRef src = fd(Use.TAKE, "tee takes no offsets");
        arrow();
        final FdRef dst = fd(Use.PUT, "tee takes no offsets");
        final long length = length();
        return new Op.Tee(src, dst, length, flags());
    }

    private Op sendfile(final Token kw) {
        final FdRef src = descriptor(Use.TAKE);
        final OptionalLong srcOffset = optionalOffset();
        arrow();
        final FdRef dst = fd(Use.PUT, "sendfile takes no output offset");
        return end(kw, new Op.Sendfile(src, srcOffset, dst, length()));
    }

    private Op pread(final Token kw) {
        final FdRef fd = descriptor(Use.TAKE);
        final long offset = requiredOffset("pread needs an offset: pread F@OFF LEN");
        return end(kw, new Op.Pread(fd, offset, length()));
    }

    private Op pwrite(final Token kw) {
        final FdRef fd = descriptor(Use.PUT);
        final long offset = requiredOffset("pwrite needs an offset: pwrite F@OFF LIT");
        return end(kw, new Op.Pwrite(fd, offset, data()));
    }

    private Op fadvise(final Token kw) {
        final FdRef fd = fd(Use.NONE, "fadvise takes no offset");
        if (!in.atName("dontneed")) {
            throw in.expected("the advice 'dontneed'");
        }
        in.next();
        return end(kw, new Op.Fadvise(fd, Op.Fadvise.Advice.DONTNEED));
    }

    /**
     * {@code notify P [type=N] [subtype=N] [id=N] [data=LIT]}: the kernel posts a note (an 8-byte
     * watch_notification header, then the data; at most 127 bytes) into notification pipe P.
     */
    private Op notify(final Token kw) {
        final Token name = in.peek();
        final FdRef pipe = fd(Use.PIPE_WIDE, "notify takes no offset");
        final Declaration d = pipe instanceof FdRef.Named ? scope.object(name) : null;
        if (!(d instanceof Declaration.Pipe p) || !p.notification()) {
            throw in.error(name, "notify posts into a notification pipe (declared 'pipe P notification'), found "
                + pipe);
        }
        int type = 0;
        int subtype = 0;
        int id = 0;
        Bytes data = Bytes.EMPTY;
        final java.util.Set<String> seen = new java.util.HashSet<>();
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = in.expectName("a note field (type=N, subtype=N, id=N, data=LIT)");
            if (!seen.add(opt.text())) {
                throw in.error(opt, "duplicate note field '" + opt.text() + "'");
            }
            in.expect(Kind.ASSIGN, "'=' after '" + opt.text() + "'");
            switch (opt.text()) {
                case "type" -> type = in.expectInt("a note type", 0, 0xFF_FFFF);
                case "subtype" -> subtype = in.expectInt("a note subtype", 0, 255);
                case "id" -> id = in.expectInt("a watch id", 0, 255);
                case "data" -> {
                    final Token at = in.peek();
                    data = in.dataLiteral("a data literal (\"text\", 'c' or 'c'*N)");
                    if (data.length() > Op.Notify.MAX_DATA) {
                        throw in.error(at, "a note holds at most " + Op.Notify.MAX_DATA + " bytes of data after its"
                            + " 8-byte header (WATCH_INFO_LENGTH is 127), found " + data.length());
                    }
                }
                default -> throw in.error(opt, "expected a note field (type=N, subtype=N, id=N, data=LIT), found "
                    + opt.describe());
            }
        }
        return new Op.Notify(pipe, type, subtype, id, data);
    }

    /** {@code relaywrite R LIT}: the kernel writes a record into relay channel R (declared {@code relay R}). */
    private Op relayWrite(final Token kw) {
        final Token name = in.peek();
        final boolean raw = name.isName("fd") && in.peek(1).is(Kind.COLON);
        if (raw || !name.is(Kind.NAME) || !(scope.object(name) instanceof Declaration.Relay)) {
            throw in.error(name, "relaywrite writes into a relay channel (declared 'relay R'), found "
                + name.describe());
        }
        final FdRef relay = fd(Use.NONE, "relaywrite takes no offset");
        return end(kw, new Op.RelayWrite(relay, data()));
    }

    private Op store(final Token kw) {
        final Token at = in.peek();
        final MemRef target = memory();
        final Bytes data = data();
        checkBounds(at, target, data.length(), "store");
        return end(kw, new Op.Store(target, data));
    }

    private Op load(final Token kw) {
        final Token at = in.peek();
        final MemRef source = memory();
        final long length = length();
        checkBounds(at, source, length, "load");
        return end(kw, new Op.Load(source, length));
    }

    private void checkBounds(final Token at, final MemRef ref, final long length, final String op) {
        final long size = ((Declaration.Mem) scope.object(at)).size();
        if (ref.offset() > size || length > size - ref.offset()) {
            throw in.error(at, op + " of " + length + " bytes at offset " + ref.offset() + " runs past the end of mem '"
                + ref.name() + "' (size " + size + ")");
        }
    }

    /** A descriptor that may not carry an offset; {@code noOffset} is the message when it does. */
    private FdRef fd(final Use use, final String noOffset) {
        final FdRef fd = descriptor(use);
        if (in.at(Kind.AT)) {
            throw in.error(in.peek(), noOffset);
        }
        return fd;
    }

    private FdRef descriptor(final Use use) {
        if (in.atName("fd") && in.peek(1).is(Kind.COLON)) {
            in.next();
            in.next();
            return new FdRef.Raw(in.expectInt("a descriptor number after 'fd:'", 0, Integer.MAX_VALUE));
        }
        final Token name = in.expectName("a descriptor (a file, an open, a pipe end, a socket end or fd:N)");
        final Declaration d = scope.object(name);
        if (d instanceof Declaration.Mem) {
            throw in.error(name, "expected a descriptor, found mem '" + name.text() + "'");
        }
        if (in.at(Kind.DOT)) {
            return explicitEnd(name, d);
        }
        if (d instanceof Declaration.Pipe) {
            return switch (use) {
                case TAKE, PIPE_WIDE -> FdRef.of(name.text(), FdRef.End.READ);
                case PUT -> FdRef.of(name.text(), FdRef.End.WRITE);
                case NONE -> throw in.error(name, "pipe '" + name.text() + "' needs an end here: "
                    + name.text() + ".r or " + name.text() + ".w");
            };
        }
        if (d instanceof Declaration.SocketPair) {
            throw in.error(name, "socket pair '" + name.text() + "' needs an end: " + name.text() + ".0 or "
                + name.text() + ".1");
        }
        return FdRef.of(name.text());
    }

    private FdRef explicitEnd(final Token name, final Declaration d) {
        final Token dot = in.next();
        final Token end = in.peek();
        if (d instanceof Declaration.Pipe) {
            if (end.isName("r") || end.isName("w")) {
                in.next();
                return FdRef.of(name.text(), end.isName("r") ? FdRef.End.READ : FdRef.End.WRITE);
            }
            throw in.expected("'r' or 'w' after '" + name.text() + ".'");
        }
        if (d instanceof Declaration.SocketPair) {
            if (end.is(Kind.INT) && (end.text().equals("0") || end.text().equals("1"))) {
                in.next();
                return FdRef.of(name.text(), end.text().equals("0") ? FdRef.End.FIRST : FdRef.End.SECOND);
            }
            throw in.expected("'0' or '1' after '" + name.text() + ".'");
        }
        throw in.error(dot, "'.' selects an end of a pipe or a socket pair, but '" + name.text()
            + "' is declared with '" + d.keyword() + "' (write it without an end)");
    }

    private MemRef memory() {
        final Token name = in.expectName("memory (a mem name)");
        final Declaration d = scope.object(name);
        if (!(d instanceof Declaration.Mem)) {
            throw in.error(name, "expected memory (a mem name), found " + d.keyword() + " '" + name.text() + "'");
        }
        scope.useMemory(name, process);
        final long offset = in.accept(Kind.AT) ? in.expectInt("an offset after '@'") : 0;
        return new MemRef(name.text(), offset);
    }

    private OptionalLong optionalOffset() {
        return in.accept(Kind.AT) ? OptionalLong.of(in.expectInt("an offset after '@'")) : OptionalLong.empty();
    }

    private long requiredOffset(final String message) {
        if (!in.at(Kind.AT)) {
            throw in.error(in.peek(), message + ", found " + in.peek().describe());
        }
        return optionalOffset().getAsLong();
    }

    private void arrow() {
        in.expect(Kind.ARROW, "'->'");
    }

    private long length() {
        return in.expectInt("a length");
    }

    private Bytes data() {
        return in.dataLiteral("a data literal (\"text\", 'c' or 'c'*N)");
    }

    /** Flags after the arguments, then the end of the line. */
    private int flags() {
        int bits = 0;
        final List<String> seen = new ArrayList<>();
        while (!in.at(Kind.NEWLINE)) {
            final Token t = in.expectName("a flag (" + FLAG_WORDS + ") or end of line");
            if (seen.contains(t.text())) {
                throw in.error(t, "duplicate flag '" + t.text() + "'");
            }
            seen.add(t.text());
            if (t.text().equals("flags")) {
                in.expect(Kind.ASSIGN, "'=' after 'flags'");
                final Token v = in.expect(Kind.INT, "a flags value");
                if (v.number() < 0) {
                    throw in.error(v, "expected a flags value (an integer >= 0), found " + v.text());
                }
                if (v.number() > 0xFFFF_FFFFL) {
                    throw in.error(v, "flags value " + v.text() + " does not fit in 32 bits");
                }
                bits |= (int) v.number();
            } else {
                bits |= flag(t).bit();
            }
        }
        in.next();
        return bits;
    }

    private SpliceFlag flag(final Token t) {
        for (final SpliceFlag f : SpliceFlag.values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(t.text())) {
                return f;
            }
        }
        throw in.error(t, "expected a flag (" + FLAG_WORDS + ") or end of line, found " + t.describe());
    }

    /** The end of the line after a call that takes no flags. */
    private Op end(final Token kw, final Op op) {
        final Token t = in.peek();
        if (t.is(Kind.NAME) && (FLAG_NAMES.contains(t.text()) || t.isName("flags"))) {
            throw in.error(t, kw.text() + " takes no flags, found " + t.describe());
        }
        in.expectEndOfLine("the arguments of " + kw.text());
        return op;
    }
}
