package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.splicelab.litmus.Token.Kind;
import org.splicelab.protocols.CharDevice;
import org.splicelab.protocols.Filesystem;
import org.splicelab.protocols.KernelModel;

/**
 * Parses and checks a {@code .litmus} file (LITMUS.md) into a {@link LitmusTest}. The file is, in
 * order: {@code litmus NAME}; declarations (and at most one {@code model}); one or more
 * {@code process} blocks; conditions. The first error throws a {@link LitmusParseException}.
 *
 * <p>Usage: {@code LitmusTest t = LitmusParser.parse("tests/x.litmus", Files.readString(path));}
 */
public final class LitmusParser {
    private static final Set<String> DECLARATIONS = Set.of("model", "fs", "file", "open", "pipe", "socketpair", "device",
        "relay", "mem");
    private static final String FILE_OPTIONS = "a file option (size=N, fill=C, data=LIT, mode=rw|ro|wo, append, odirect, nonblock, fs=tmpfs|ext4, dax)";

    private enum Section { DECLARATIONS, PROCESSES, CONDITIONS }

    private final TokenCursor in;
    private final Scope scope;
    private final StatementParser statements;
    private final ConditionParser conditionParser;
    private final List<Declaration> declarations = new ArrayList<>();
    private final List<ProcessBlock> processes = new ArrayList<>();
    private final List<Condition> conditions = new ArrayList<>();
    private Section section = Section.DECLARATIONS;
    private KernelModel model = KernelModel.LINUX;
    private Token modelLine;
    private Token fsLine;
    private Filesystem fs;

    private LitmusParser(final String fileLabel, final String text) {
        in = new TokenCursor(fileLabel, text);
        scope = new Scope(in);
        statements = new StatementParser(in, scope);
        conditionParser = new ConditionParser(in, scope);
    }

    /** Parses {@code text}; {@code fileLabel} (usually the path) prefixes every error message. */
    public static LitmusTest parse(final String fileLabel, final String text) {
        return new LitmusParser(fileLabel, text).test();
    }

    private LitmusTest test() {
        in.skipBlankLines();
        final Token litmus = in.peek();
        if (!litmus.isName("litmus")) {
            throw in.error(litmus, "expected 'litmus NAME' as the first line, found " + litmus.describe());
        }
        in.next();
        final String name = in.expectName("the test's name after 'litmus'").text();
        in.expectEndOfLine("the test's name");
        for (in.skipBlankLines(); !in.at(Kind.EOF); in.skipBlankLines()) {
            line(litmus);
        }
        if (processes.isEmpty()) {
            throw in.expected("at least one 'process' block");
        }
        final List<Declaration> decls = new ArrayList<>();
        for (final Declaration d : declarations) {
            decls.add(d instanceof Declaration.File f && f.fs() == null && fs != null ? f.on(fs) : d);
        }
        return new LitmusTest(name, model, decls, processes, conditions);
    }

    private void line(final Token litmus) {
        final Token t = in.peek();
        if (t.isName("litmus")) {
            throw in.error(t, "duplicate 'litmus' line: the test is already named at line " + litmus.line());
        }
        if (t.is(Kind.NAME) && DECLARATIONS.contains(t.text())) {
            if (section != Section.DECLARATIONS) {
                throw in.error(t, "declarations must come before the first process (line " + processes.get(0).line()
                    + "), found '" + t.text() + "'");
            }
            declaration(t);
        } else if (t.isName("process")) {
            if (section == Section.CONDITIONS) {
                throw in.error(t, "processes must come before the conditions (first condition at line "
                    + conditions.get(0).line() + ")");
            }
            section = Section.PROCESSES;
            process();
        } else if (t.is(Kind.LBRACKET) || t.isName("expect") || t.isName("exists") || t.isName("forbid")) {
            if (processes.isEmpty()) {
                throw in.error(t, "expected at least one 'process' block before the conditions, found "
                    + t.describe());
            }
            section = Section.CONDITIONS;
            conditions.add(conditionParser.condition());
        } else {
            throw in.expected(switch (section) {
                case DECLARATIONS -> "a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process'";
                case PROCESSES -> "'process' or a condition (expect, exists, forbid)";
                case CONDITIONS -> "a condition (expect, exists, forbid)";
            });
        }
    }

    private void process() {
        in.next();
        final Token name = in.expectName("a process name after 'process'");
        scope.declareProcess(name);
        String shares = null;
        if (in.atName("shares")) {
            in.next();
            final Token other = in.expectName("the name of an earlier process after 'shares'");
            final ProcessBlock owner = processes.stream().filter(p -> p.name().equals(other.text())).findFirst()
                .orElseThrow(() -> in.error(other, "'shares " + other.text() + "': expected the name of a process"
                    + " declared before this one"));
            shares = owner.shares() != null ? owner.shares() : owner.name();
            scope.shareMemory(name.text(), shares);
        }
        final Token open = in.expect(Kind.LBRACE, shares == null ? "'{' or 'shares PROCESS' after the process name"
            : "'{' after 'shares " + shares + "'");
        in.expectEndOfLine("'{'");
        processes.add(new ProcessBlock(name.text(), statements.processBody(name.text(), open), name.line(), shares));
    }

    private void declaration(final Token kw) {
        in.next();
        if (kw.isName("model")) {
            model(kw);
            return;
        }
        if (kw.isName("fs")) {
            if (fsLine != null) {
                throw in.error(kw, "duplicate 'fs' line: the filesystem is already set at line " + fsLine.line());
            }
            fsLine = kw;
            fs = filesystem();
            in.expectEndOfLine("the filesystem name");
            return;
        }
        final Token name = in.expectName("a name after '" + kw.text() + "'");
        scope.checkNewObject(name);
        final Declaration d = switch (kw.text()) {
            case "file" -> file(name);
            case "open" -> open(name);
            case "pipe" -> pipe(name);
            case "socketpair" -> socketPair(name);
            case "device" -> device(name);
            case "relay" -> relay(name);
            case "mem" -> mem(name);
            default -> throw new IllegalStateException(kw.text());
        };
        in.next();
        scope.declare(d);
        declarations.add(d);
    }

    private void model(final Token kw) {
        if (modelLine != null) {
            throw in.error(kw, "duplicate 'model' line: the model is already set at line " + modelLine.line());
        }
        modelLine = kw;
        final Token name = in.expectName("a model name (" + KernelModel.ids() + ")");
        try {
            model = KernelModel.fromId(name.text());
        } catch (final IllegalArgumentException e) {
            throw in.error(name, e.getMessage());
        }
        in.expectEndOfLine("the model name");
    }

    private Filesystem filesystem() {
        final Token name = in.expectName("a filesystem (tmpfs, ext4)");
        final Filesystem f = Filesystem.byId(name.text());
        if (f == null) {
            throw in.error(name, "expected a filesystem (tmpfs, ext4), found '" + name.text() + "'");
        }
        return f;
    }

    private Declaration file(final Token name) {
        final Options o = new Options();
        Token sizeToken = null;
        Token fillToken = null;
        long size = -1;
        byte fill = 0;
        Bytes data = Bytes.EMPTY;
        Filesystem on = null;
        boolean dax = false;
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = o.next(FILE_OPTIONS);
            switch (opt.text()) {
                case "dax" -> dax = true;
                case "size" -> {
                    sizeToken = opt;
                    size = o.value(() -> in.expectInt("a file size", 0, TokenCursor.MAX_DATA_LENGTH));
                }
                case "fill" -> {
                    fillToken = opt;
                    fill = o.value(this::fillByte);
                }
                case "data" -> data = o.value(() -> in.dataLiteral("a data literal (\"text\", 'c' or 'c'*N)"));
                case "fs" -> on = o.value(this::filesystem);
                default -> o.openFlag(opt, FILE_OPTIONS);
            }
            o.exclusive(opt, "fill", "data");
        }
        if (fillToken != null && sizeToken == null) {
            throw in.error(fillToken, "fill=C needs size=N (the file is otherwise empty)");
        }
        if (sizeToken != null && size < data.length()) {
            throw in.error(sizeToken, "size=" + size + " is smaller than the data (" + data.length() + " bytes)");
        }
        return new Declaration.File(name.text(), size < 0 ? data.length() : size, fill, data, o.flags(), name.line(), on,
            dax);
    }

    private Declaration open(final Token name) {
        in.expect(Kind.ASSIGN, "'=' after 'open " + name.text() + "'");
        final Token file = in.expectName("a file name");
        final Declaration d = scope.object(file);
        if (!(d instanceof Declaration.File)) {
            throw in.error(file, "expected a file (declared with 'file'), found " + d.keyword() + " '" + file.text() + "'");
        }
        final Options o = new Options();
        while (!in.at(Kind.NEWLINE)) {
            o.openFlag(o.next("an open option (mode=rw|ro|wo, append, odirect, nonblock)"),
                "an open option (mode=rw|ro|wo, append, odirect, nonblock)");
        }
        return new Declaration.Open(name.text(), file.text(), o.flags(), name.line());
    }

    private Declaration pipe(final Token name) {
        final Options o = new Options();
        OptionalLong size = OptionalLong.empty();
        boolean nonblock = false;
        boolean notification = false;
        Token notesToken = null;
        int notes = 0;
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = o.next("a pipe option (size=N, nonblock, notification, notes=N)");
            if (opt.isName("size")) {
                size = OptionalLong.of(o.value(() -> (long) in.expectInt("a pipe size", 0, Integer.MAX_VALUE)));
            } else if (opt.isName("nonblock")) {
                nonblock = true;
            } else if (opt.isName("notification")) {
                notification = true;
            } else if (opt.isName("notes")) {
                notesToken = opt;
                notes = o.value(() -> in.expectInt("a note count", 1, 512));
            } else {
                throw in.error(opt, "expected a pipe option (size=N, nonblock, notification, notes=N), found "
                    + opt.describe());
            }
            if (o.seen("size") && o.seen("notification")) {
                throw in.error(opt, "'size' and 'notification' cannot be combined: F_SETPIPE_SZ on a notification"
                    + " pipe is EBUSY (size its watch queue with 'watchsize P N')");
            }
        }
        if (notesToken != null && !notification) {
            throw in.error(notesToken, "notes=N sizes a notification pipe's watch queue: add 'notification'");
        }
        return new Declaration.Pipe(name.text(), size, nonblock, name.line(), notification, notes);
    }

    private Declaration socketPair(final Token name) {
        Declaration.SocketPair.Kind kind = Declaration.SocketPair.Kind.UNIX;
        final boolean named = in.atName("unix") || in.atName("tcp") || in.atName("udp");
        if (named) {
            kind = Declaration.SocketPair.Kind.valueOf(in.next().text().toUpperCase(java.util.Locale.ROOT));
        }
        boolean nonblock = false;
        if (in.atName("nonblock")) {
            in.next();
            nonblock = true;
        }
        if (!in.at(Kind.NEWLINE)) {
            throw in.expected(nonblock ? "end of line after 'nonblock'" : named
                ? "'nonblock' or end of line after the socket kind" : "'unix', 'tcp', 'udp', 'nonblock' or end of line");
        }
        return new Declaration.SocketPair(name.text(), kind, nonblock, name.line());
    }

    private Declaration device(final Token name) {
        final Token which = in.expectName("a device (null, zero, full) after 'device " + name.text() + "'");
        final CharDevice device = CharDevice.byId(which.text());
        if (device == null) {
            throw in.error(which, "expected a device (null, zero, full), found '" + which.text() + "'");
        }
        final Options o = new Options();
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = o.next("a device option (mode=rw|ro|wo, nonblock)");
            if (opt.isName("append") || opt.isName("odirect")) {
                throw in.error(opt, "expected a device option (mode=rw|ro|wo, nonblock), found " + opt.describe());
            }
            o.openFlag(opt, "a device option (mode=rw|ro|wo, nonblock)");
        }
        return new Declaration.Device(name.text(), device, o.flags(), name.line());
    }

    private Declaration relay(final Token name) {
        final Options o = new Options();
        int subbuf = 4096;
        int subbufs = 4;
        final String what = "a relay option (subbufs=N, subbuf=SIZE)";
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = o.next(what);
            if (opt.isName("subbufs")) {
                subbufs = o.value(() -> in.expectInt("a sub-buffer count", 1, 1024));
            } else if (opt.isName("subbuf")) {
                subbuf = o.value(() -> in.expectInt("a sub-buffer size in bytes", 1, RELAY_MAX_BYTES));
            } else {
                throw in.error(opt, "expected " + what + ", found " + opt.describe());
            }
        }
        if ((long) subbuf * subbufs > RELAY_MAX_BYTES) {
            throw in.error(name, "relay '" + name.text() + "' of " + subbufs + " sub-buffers of " + subbuf
                + " bytes is larger than the model's " + RELAY_MAX_BYTES + "-byte channel limit");
        }
        return new Declaration.Relay(name.text(), subbuf, subbufs, name.line());
    }

    /** RelayChannel.MAX_BYTES: the largest relay channel a litmus file may declare (8 MiB). */
    private static final int RELAY_MAX_BYTES = 8 << 20;

    private Declaration mem(final Token name) {
        final Options o = new Options();
        long size = -1;
        byte fill = 0;
        boolean filled = false;
        while (!in.at(Kind.NEWLINE)) {
            final Token opt = o.next("a mem option (size=N, fill=C)");
            if (opt.isName("size")) {
                size = o.value(() -> (long) in.expectInt("a mem size", 1, TokenCursor.MAX_DATA_LENGTH));
            } else if (opt.isName("fill")) {
                fill = o.value(this::fillByte);
                filled = true;
            } else {
                throw in.error(opt, "expected a mem option (size=N, fill=C), found " + opt.describe());
            }
        }
        if (size < 0) {
            throw in.error(in.peek(), "mem '" + name.text() + "' needs size=N, found end of line");
        }
        return new Declaration.Mem(name.text(), size, fill, name.line(), filled);
    }

    /** {@code fill=A}, {@code fill='A'} or a byte value {@code fill=0x41}. */
    private byte fillByte() {
        final Token t = in.peek();
        if (t.is(Kind.NAME) && t.text().length() == 1) {
            in.next();
            return (byte) t.text().charAt(0);
        }
        if (t.is(Kind.CHAR)) {
            in.next();
            return (byte) t.data().byteAt(0);
        }
        if (t.is(Kind.INT)) {
            return (byte) in.expectInt("a fill byte", 0, 255);
        }
        throw in.expected("a fill character (A, 'c' or a byte value 0..255)");
    }

    /** The option words of one declaration line: duplicates, {@code NAME=VALUE} and the open flags. */
    private final class Options {
        private final Set<String> seen = new HashSet<>();
        private OpenFlags.Mode mode = OpenFlags.Mode.RW;
        private boolean append;
        private boolean odirect;
        private boolean nonblock;

        Token next(final String what) {
            final Token opt = in.expectName(what);
            if (!seen.add(opt.text())) {
                throw in.error(opt, "duplicate option '" + opt.text() + "'");
            }
            return opt;
        }

        <T> T value(final Supplier<T> parse) {
            in.expect(Kind.ASSIGN, "'=' after '" + in.previous().text() + "'");
            return parse.get();
        }

        boolean seen(final String option) {
            return seen.contains(option);
        }

        void exclusive(final Token opt, final String a, final String b) {
            if (seen.contains(a) && seen.contains(b)) {
                throw in.error(opt, "'" + a + "' and '" + b + "' cannot be combined");
            }
        }

        void openFlag(final Token opt, final String what) {
            switch (opt.text()) {
                case "mode" -> mode = value(this::mode);
                case "append" -> append = true;
                case "odirect" -> odirect = true;
                case "nonblock" -> nonblock = true;
                default -> throw in.error(opt, "expected " + what + ", found " + opt.describe());
            }
        }

        private OpenFlags.Mode mode() {
            for (final OpenFlags.Mode m : OpenFlags.Mode.values()) {
                if (in.atName(m.id())) {
                    in.next();
                    return m;
                }
            }
            throw in.expected("a mode (rw, ro, wo)");
        }

        OpenFlags flags() {
            return new OpenFlags(mode, append, odirect, nonblock);
        }
    }
}
