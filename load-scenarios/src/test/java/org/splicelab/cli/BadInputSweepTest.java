package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The bad-input sweep (issue 12): scenario files, litmus files, replay files, command options, binary,
 * empty and huge inputs. Each one must exit 2 with one clear first line on stderr naming the file and
 * line (or the option) and what was expected: no stack trace, no hang, and nothing run first. Each case
 * is refused before anything runs, so the whole sweep takes seconds.
 * Run it alone: {@code mvn -B -pl load-scenarios -am test -Dtest=BadInputSweepTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class BadInputSweepTest {
    /** A small valid litmus test (one process). */
    static final String LITMUS = String.join("\n",
        "litmus ok",                           // 1
        "file f size=4096 fill=A",             // 2
        "pipe p",                              // 3
        "process P0 {",                        // 4
        "  r0 = splice f@0 -> p 4096",         // 5
        "  r1 = read p 1",                     // 6
        "}",                                   // 7
        "expect r0 == 4096",                   // 8
        "");

    private static final Path DIR;
    private static final List<Arguments> CASES = new ArrayList<>();

    static {
        try {
            DIR = Files.createTempDirectory("splicelab-bad-input");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Scenarios.add();
        Options.add();
        LitmusFiles.add();
        ReplayFiles.add();
        Garbage.add();
    }

    private record Run(int exit, String out, String err) {
    }

    static Stream<Arguments> cases() {
        return CASES.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldExitTwoNamingWhereAndWhatWasExpected(final String name, final List<String> args, final String expected) {
        final Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(args.toArray(String[]::new)),
            () -> name + ": no answer within 30 s (a hang, or it ran)");
        final String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception"), () -> name + ": a stack trace or an "
            + "exception's name:\n" + all);
        assertEquals(2, r.exit(), () -> name + ": exit code\n" + all);

        assertEquals(expand(expected), r.err().lines().findFirst().orElse(""), () -> name + ":\n" + all);
    }

    /**
     * The expected line with its placeholders filled: {@code {dir}} the sweep's folder; for the memory
     * estimate, which depends on {@code -Xmx}, {@code {xmx}} and {@code {budget}} (3/4 of it) and
     * {@code {fit:PER:OTHERS}}, the processes of PER bytes each that fit beside OTHERS bytes.
     */
    private static String expand(final String expected) {
        final long budget = (long) (Runtime.getRuntime().maxMemory() * 0.75);
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{fit:(\\d+):(\\d+)}").matcher(expected);
        final StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Long.toString((budget - Long.parseLong(m.group(2))) / Long.parseLong(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString().replace("{dir}", DIR.toString())
            .replace("{xmx}", org.splicelab.scenario.Sizes.approx(Runtime.getRuntime().maxMemory()))
            .replace("{budget}", org.splicelab.scenario.Sizes.approx(budget));
    }

    @Test
    void shouldSweepAtLeast126Inputs() {
        assertTrue(CASES.size() >= 126, () -> CASES.size() + " cases");
    }

    @AfterAll
    static void removeTheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(DIR)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Run run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = SplicelabCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        final int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void add(final String name, final String expected, final String... args) {
        CASES.add(Arguments.of(name, List.of(args), expected));
    }

    private static String write(final String file, final String text) {
        return write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(final String file, final byte[] bytes) {
        try {
            final Path p = DIR.resolve(file);
            Files.createDirectories(p.getParent());
            Files.write(p, bytes);
            return p.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scenario files: one mutation of a valid scenario each, run with {@code run}. */
    private static final class Scenarios {
        /** Valid: every section the mutations touch, on known lines. */
        static final String BASE = String.join("\n",
            "name = t",                                                  // 1
            "duration = 1s",                                             // 2
            "files { f { size = 64KiB } }",                              // 3
            "pipes { shared { size = 64KiB } }",                         // 4
            "sockets { bus { kind = unix } }",                           // 5
            "roles {",                                                   // 6
            "  w {",                                                     // 7
            "    count = 2",                                             // 8
            "    pipes { p { size = 64KiB } }",                          // 9
            "    memory { buf { size = 16KiB } }",                       // 10
            "    loop = [",                                              // 11
            "      { op = splice, in = f, out = p.w, len = 4KiB }",      // 12
            "      { op = read, fd = p.r, len = 4KiB }",                 // 13
            "    ]",                                                     // 14
            "  }",                                                       // 15
            "}",                                                         // 16
            "");

        static void add() {
            // the top level
            top("arena-frames-huge", "arena-frames = 1000000000000",
                "t.conf:3: 'arena-frames': expected a whole number from 16 to 4194304, found 1000000000000");
            top("arena-frames-zero", "arena-frames = 0", "t.conf:3: 'arena-frames': expected a whole number from 16 to 4194304, found 0");
            top("arena-frames-negative", "arena-frames = -5", "t.conf:3: 'arena-frames': expected a whole number from 16 to 4194304, found -5");
            top("arena-frames-fraction", "arena-frames = 1.5", "t.conf:3: 'arena-frames': expected a whole number from 16 to 4194304, found 1.5");
            top("arena-frames-string", "arena-frames = many", "t.conf:3: 'arena-frames': expected a number, found string \"many\"");
            top("arena-frames-too-small-for-files", "arena-frames = 16", "t.conf:3: 'arena-frames': expected at least 24 frames (the files' 16 pages and every process's memory, 8 pages, are in the arena from the start), found 16");
            top("relay-no-subbufs", "relays { r { subbufs = 0 } }", "t.conf:3: 'relays.r.subbufs': expected a whole number from 1 to 1024, found 0");
            top("relay-unknown-key", "relays { r { size = 4KiB } }", "t.conf:3: 'size': expected a key of relays.r: one of [subbuf, subbufs], found unknown key 'size'");
            top("relay-too-large", "relays { r { subbufs = 1024, subbuf = 1MiB } }", "t.conf:3: 'relays.r': expected a channel of at most 8388608 bytes (subbufs x subbuf), found 1024 x 1048576");
            top("relay-name-taken", "relays { f { } }", "t.conf:3: 'relays.f': expected a name no file, pipe, socket or device has, found f");
            top("seed-fraction", "seed = 1.5", "t.conf:3: 'seed': expected a whole number (a 64-bit integer), found 1.5");
            top("seed-huge", "seed = 1e30", "t.conf:3: 'seed': expected a whole number (a 64-bit integer), found 1.0E30");
            top("seed-beyond-long", "seed = 9223372036854775808", "t.conf:3: 'seed': expected a whole number (a 64-bit integer), found 9223372036854775808");
            top("seed-string", "seed = x", "t.conf:3: 'seed': expected a number, found string \"x\"");
            top("sample-interval-zero", "sample-interval = 0ms", "t.conf:3: 'sample-interval': expected a duration from 10ms to 7d, found 0ms");
            top("sample-interval-negative", "sample-interval = -1s", "t.conf:3: 'sample-interval': expected a duration from 10ms to 7d, found -1s");
            top("sample-interval-too-fine", "sample-interval = 1us", "t.conf:3: 'sample-interval': expected a duration from 10ms to 7d, found 1us");
            top("sample-interval-word", "sample-interval = often", "t.conf:3: 'sample-interval': expected a duration such as 10s, 500ms or 2m, found 'often'");
            top("iterations-zero", "iterations = 0", "t.conf:3: 'iterations': expected a whole number from 1 to 1000000000000, found 0");
            top("iterations-huge", "iterations = 1e20", "t.conf:3: 'iterations': expected a whole number from 1 to 1000000000000, found 1.0E20");
            top("steal-only-with-move-string", "steal-only-with-move = sometimes", "t.conf:3: 'steal-only-with-move': expected true or false, found \"sometimes\"");
            top("model-unknown", "model = bsd", "t.conf:3: 'model': expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck, found bsd");
            top("unknown-key", "durration = 2s", "t.conf:3: 'durration': expected a key of the top level: one of [arena-frames, assertions, description, duration, faults, files, iterations, model, name, pipes, relays, roles, sample-interval, seed, sockets, steal-only-with-move], found unknown key 'durration'");
            top("description-number", "description = 5", "t.conf:3: 'description': expected a non-empty string, found number 5");
            mutate("duration-zero", "duration = 1s", "duration = 0s", "t.conf:2: 'duration': expected a duration from 1ms to 7d, found 0s");
            mutate("duration-negative", "duration = 1s", "duration = -2s", "t.conf:2: 'duration': expected a duration from 1ms to 7d, found -2s");
            mutate("duration-overflow", "duration = 1s", "duration = 99999999999999h", "t.conf:2: 'duration': expected a duration from 1ms to 7d, found 99999999999999h");
            mutate("duration-over-a-week", "duration = 1s", "duration = 8d", "t.conf:2: 'duration': expected a duration from 1ms to 7d, found 8d");
            mutate("duration-word", "duration = 1s", "duration = forever", "t.conf:2: 'duration': expected a duration such as 10s, 500ms or 2m, found 'forever'");
            mutate("duration-unit", "duration = 1s", "duration = 10 fortnights", "t.conf:2: 'duration': expected a duration such as 10s, 500ms or 2m, found '10 fortnights'");
            mutate("duration-object", "duration = 1s", "duration { s = 1 }", "t.conf:2: 'duration': expected a duration such as 10s, 500ms or 2m, found object {\"s\":1}");
            mutate("no-duration", "duration = 1s\n", "", "t.conf:1: the scenario needs 'duration' (e.g. 10s) or 'iterations'");
            mutate("name-missing", "name = t\n", "", "t.conf:1: missing 'name'");
            mutate("name-spaces", "name = t", "name = \"a b\"", "t.conf:1: 'name': expected a name of letters, digits, '-', '_' or '.', found a b");
            mutate("name-empty", "name = t", "name = \"\"", "t.conf:1: 'name': expected a non-empty string, found string \"\"");
            mutate("hocon-broken", "name = t", "name = {", "t.conf:17: not valid HOCON: expecting a close parentheses ')' here, not: end of file");
            mutate("hocon-unresolved", "name = t", "name = ${nowhere}", "t.conf:1: not valid HOCON: Could not resolve substitution to a value: ${nowhere}");
            // files, pipes, sockets
            mutate("file-size-100GiB", "f { size = 64KiB }", "f { size = 100GiB }", "t.conf:3: 'files.f.size': expected a size from 0 to 1GiB, found 100GiB");
            mutate("file-size-over-1GiB", "f { size = 64KiB }", "f { size = 2GiB }", "t.conf:3: 'files.f.size': expected a size from 0 to 1GiB, found 2GiB");
            mutate("file-size-negative", "f { size = 64KiB }", "f { size = -1 }", "t.conf:3: 'files.f.size': expected a size from 0 to 1GiB, found -1");
            mutate("file-size-fraction", "f { size = 64KiB }", "f { size = 1.5 }", "t.conf:3: 'files.f.size': expected a whole number of bytes, or a size such as 64KiB, found 1.5");
            mutate("file-size-word", "f { size = 64KiB }", "f { size = lots }", "t.conf:3: 'files.f.size': expected a size such as 4096, 64KiB or 1MiB, found lots");
            mutate("file-size-exabytes", "f { size = 64KiB }", "f { size = 99999999999EiB }", "t.conf:3: 'files.f.size': expected a size from 0 to 1GiB, found 99999999999EiB");
            mutate("file-size-missing", "f { size = 64KiB }", "f { fill = x }", "t.conf:3: files.f: missing 'size'");
            mutate("file-fill-empty", "f { size = 64KiB }", "f { size = 64KiB, fill = \"\" }", "t.conf:3: 'files.f.fill': expected a non-empty string, found string \"\"");
            mutate("file-unknown-key", "f { size = 64KiB }", "f { size = 64KiB, mode = ro }", "t.conf:3: 'mode': expected a key of files.f: one of [dax, fill, size], found unknown key 'mode'");
            mutate("file-not-object", "f { size = 64KiB }", "f = 5", "t.conf:3: 'files.f': expected an object, found number");
            mutate("file-bad-name", "f { size = 64KiB }", "\"f g\" { size = 64KiB }", "t.conf:3: 'files.f g': expected a name of letters, digits, '-' or '_', found f g");
            mutate("pipe-size-huge", "shared { size = 64KiB }", "shared { size = 2MiB }", "t.conf:4: 'pipes.shared.size': expected a size F_SETPIPE_SZ accepts for an unprivileged process (at most 1MiB), found 2097152");
            mutate("pipe-size-negative", "shared { size = 64KiB }", "shared { size = -4096 }", "t.conf:4: 'pipes.shared.size': expected a size >= 0, found -4096");
            mutate("pipe-nonblock-string", "shared { size = 64KiB }", "shared { size = 64KiB, nonblock = yes }", "t.conf:4: 'pipes.shared.nonblock': expected true or false, found \"yes\"");
            mutate("pipe-notification-size", "pipes { shared { size = 64KiB } }", "pipes { shared { size = 64KiB, notification = true } }", "t.conf:4: 'pipes.shared.size': expected no size on a notification pipe (F_SETPIPE_SZ is EBUSY there; its ring is sized by 'notes'), found 64KiB");
            mutate("pipe-notes-plain", "pipes { shared { size = 64KiB } }", "pipes { shared { notes = 4 } }", "t.conf:4: 'pipes.shared.notes': expected notes only on a pipe with notification = true, found 4");
            mutate("pipe-notes-too-many", "pipes { shared { size = 64KiB } }", "pipes { shared { notification = true, notes = 600 } }", "t.conf:4: 'pipes.shared.notes': expected a whole number from 1 to 512, found 600");
            mutate("socket-kind-sctp", "bus { kind = unix }", "bus { kind = sctp }", "t.conf:5: 'sockets.bus.kind': expected unix, tcp or udp, found sctp");
            mutate("socket-kind-udp-number", "bus { kind = unix }", "bus { kind = 17 }", "t.conf:5: 'sockets.bus.kind': expected a non-empty string, found number 17");
            mutate("socket-nonblock-number", "bus { kind = unix }", "bus { kind = unix, nonblock = 3 }", "t.conf:5: 'sockets.bus.nonblock': expected true or false, found 3");
            mutate("files-list", "files { f { size = 64KiB } }", "files = [ f ]", "t.conf:3: 'files': expected an object, found list");
            // roles
            mutate("count-1000000", "    count = 2\n    pipes { p { size = 64KiB } }\n    memory { buf { size = 16KiB } }\n",
                "    count = 1000000\n    pipes { p { size = 64KiB } }\n", "t.conf:8: 'roles.w.count': expected at most {fit:16384:98304} processes (what this JVM's heap holds), found 1000000: the world needs about 15.3 GiB of heap (16.0 KiB a process), more than the {budget} a run may take (3/4 of -Xmx {xmx}; raise it with SPLICELAB_JAVA_OPTS=-Xmx...)");
            mutate("count-100000-memory-in-the-arena", "count = 2", "count = 100000", "t.conf:1: 'arena-frames': expected at least 400016 frames (the files' 16 pages and every process's memory, 400000 pages, are in the arena from the start), found the default, 65536");
            mutate("count-zero", "count = 2", "count = 0", "t.conf:8: 'roles.w.count': expected a whole number from 1 to 1000000, found 0");
            mutate("count-negative", "count = 2", "count = -3", "t.conf:8: 'roles.w.count': expected a whole number from 1 to 1000000, found -3");
            mutate("count-beyond-int", "count = 2", "count = 2147483648", "t.conf:8: 'roles.w.count': expected a whole number from 1 to 1000000, found 2147483648");
            mutate("count-string", "count = 2", "count = \"three\"", "t.conf:8: 'roles.w.count': expected a number, found string \"three\"");
            mutate("threads-zero", "count = 2", "count = 2, threads = 0", "t.conf:8: 'roles.w.threads': expected a whole number from 1 to 1024, found 0");
            mutate("threads-huge", "count = 2", "count = 2, threads = 100000", "t.conf:8: 'roles.w.threads': expected a whole number from 1 to 1024, found 100000");
            mutate("count-times-threads", "count = 2", "count = 1000, threads = 1000", "t.conf:8: 'roles.w.count': expected at most {fit:8200192:98304} processes of 1000 threads (what this JVM's heap holds), found 1000 of 1000 threads: the world needs about 7.6 GiB of heap (7.8 MiB a process), more than the {budget} a run may take (3/4 of -Xmx {xmx}; raise it with SPLICELAB_JAVA_OPTS=-Xmx...)");
            mutate("rate-negative", "count = 2", "count = 2, rate = -5", "t.conf:8: 'roles.w.rate': expected a number from 0 to 1000000, found -5");
            mutate("rate-huge", "count = 2", "count = 2, rate = 1e12", "t.conf:8: 'roles.w.rate': expected a number from 0 to 1000000, found 1000000000000");
            mutate("rate-string", "count = 2", "count = 2, rate = fast", "t.conf:8: 'roles.w.rate': expected a number, found string \"fast\"");
            mutate("think-time-negative", "count = 2", "count = 2, think-time = -1ms", "t.conf:8: 'roles.w.think-time': expected a duration from 0s to 7d, found -1ms");
            mutate("think-time-overflow", "count = 2", "count = 2, think-time = 99999999999999h", "t.conf:8: 'roles.w.think-time': expected a duration from 0s to 7d, found 99999999999999h");
            mutate("role-unknown-key", "count = 2", "count = 2, lenn = 4", "t.conf:8: 'lenn': expected a key of roles.w: one of [count, loop, memory, pipes, rate, sockets, think-time, threads], found unknown key 'lenn'");
            mutate("role-no-loop", "    loop = [\n      { op = splice, in = f, out = p.w, len = 4KiB }\n"
                + "      { op = read, fd = p.r, len = 4KiB }\n    ]\n", "", "t.conf:7: role 'w' needs a 'loop'");
            mutate("loop-empty", "    loop = [\n      { op = splice, in = f, out = p.w, len = 4KiB }\n"
                + "      { op = read, fd = p.r, len = 4KiB }\n    ]\n", "    loop = []\n", "t.conf:11: 'roles.w.loop': expected at least one operation, found an empty list");
            mutate("loop-not-list", "    loop = [\n      { op = splice, in = f, out = p.w, len = 4KiB }\n"
                + "      { op = read, fd = p.r, len = 4KiB }\n    ]\n", "    loop = 5\n", "t.conf:11: 'roles.w.loop': expected a list, found number");
            conf("roles-empty", "name = t\nduration = 1s\nroles {}\n", "t.conf:3: 'roles' must name at least one role");
            conf("roles-missing", "name = t\nduration = 1s\n", "t.conf:1: 'roles' must name at least one role");
            mutate("memory-size-huge", "buf { size = 16KiB }", "buf { size = 100GiB }", "t.conf:10: 'roles.w.memory.buf.size': expected a size from 1 to 1GiB, found 100GiB");
            mutate("memory-size-zero", "buf { size = 16KiB }", "buf { size = 0 }", "t.conf:10: 'roles.w.memory.buf.size': expected a size from 1 to 1GiB, found 0");
            mutate("index-nodes-for-20000-processes", "count = 2\n    pipes { p { size = 64KiB } }\n    memory { buf { size = 16KiB } }", "count = 20000\n    pipes { p { size = 64KiB } }\n    memory { buf { size = 4KiB } }", "t.conf:1: 'arena-frames': expected at least 71443 frames (the page-cache and address-space indexes of the files and of every process with memory need 80004 index nodes; the arena's pool has 73728), found the default, 65536");
            mutate("memory-too-much-for-the-arena", "count = 2", "count = 20000", "t.conf:1: 'arena-frames': expected at least 80016 frames (the files' 16 pages and every process's memory, 80000 pages, are in the arena from the start), found the default, 65536");
            // operations
            final String op = "{ op = read, fd = p.r, len = 4KiB }";
            mutate("notify-plain-pipe", op, "{ op = notify, fd = p.w, len = 16 }", "t.conf:13: 'roles.w.fd': expected an end of a pipe with notification = true, found p.w");
            mutate("relaywrite-not-relay", op, "{ op = relaywrite, fd = p.w, len = 100 }", "t.conf:13: 'roles.w.fd': expected a relay channel (declared under 'relays'), found p.w");
            mutate("op-missing", op, "{ fd = p.r, len = 4KiB }", "t.conf:13: roles.w: an operation needs 'op' (one of fadvise, fsync, notify, pread, pwrite, read, relaywrite, sendfile, splice, store, tee, truncate, vmsplice, write)");
            mutate("op-unknown", op, "{ op = frobnicate, fd = p.r, len = 4KiB }", "t.conf:13: 'roles.w.op': expected one of [fadvise, fsync, notify, pread, pwrite, read, relaywrite, sendfile, splice, store, tee, truncate, vmsplice, write], found frobnicate");
            mutate("op-unknown-key", op, "{ op = read, fd = p.r, len = 4KiB, lenn = 3 }", "t.conf:13: 'lenn': expected a key of roles.w.loop operation: one of [fd, fill, flags, in, len, mem, offset, op, out, weight], found unknown key 'lenn'");
            mutate("op-undeclared-fd", op, "{ op = read, fd = nope.1, len = 4KiB }", "t.conf:13: 'roles.w.fd': expected a declared file, pipe end (NAME.r, NAME.w), socket end (NAME.0, NAME.1), relay, devnull, devzero or devfull (/dev/null, /dev/zero, /dev/full), found nope.1");
            mutate("op-unknown-device", op, "{ op = read, fd = devrandom, len = 4KiB }", "t.conf:13: 'roles.w.fd': expected a declared file, pipe end (NAME.r, NAME.w), socket end (NAME.0, NAME.1), relay, devnull, devzero or devfull (/dev/null, /dev/zero, /dev/full), found devrandom");
            mutate("op-missing-len", op, "{ op = read, fd = p.r }", "t.conf:13: roles.w: 'read' needs 'len'");
            mutate("op-len-negative", op, "{ op = read, fd = p.r, len = -1 }", "t.conf:13: 'roles.w.len': expected a size from 0 to 2147479552 (MAX_RW_COUNT: the most one call moves), found -1");
            mutate("op-len-100GiB", op, "{ op = read, fd = p.r, len = 100GiB }", "t.conf:13: 'roles.w.len': expected a size from 0 to 2147479552 (MAX_RW_COUNT: the most one call moves), found 100GiB");
            mutate("op-write-len-huge", op, "{ op = write, fd = p.w, len = 1GiB }", "t.conf:13: 'roles.w.len': expected a size from 0 to 64MiB, found 1GiB");
            mutate("op-offset-negative", op, "{ op = pread, fd = f, len = 4KiB, offset = -4096 }", "t.conf:13: 'roles.w.offset': expected a size from 0 to 1TiB, found -4096");
            mutate("op-offset-huge", op, "{ op = pread, fd = f, len = 4KiB, offset = 100TiB }", "t.conf:13: 'roles.w.offset': expected a size from 0 to 1TiB, found 100TiB");
            mutate("op-offset-word", op, "{ op = pread, fd = f, len = 4KiB, offset = somewhere }", "t.conf:13: 'roles.w.offset': expected a size such as 4096, 64KiB or 1MiB, found somewhere");
            mutate("op-pread-no-offset", op, "{ op = pread, fd = f, len = 4KiB }", "t.conf:13: roles.w: 'pread' needs 'offset'");
            mutate("op-flags-unknown", op, "{ op = splice, in = f, out = p.w, len = 1, flags = [fast] }", "t.conf:13: 'roles.w.flags': expected nonblock, move, more or gift, found fast");
            mutate("op-flags-not-list", op, "{ op = splice, in = f, out = p.w, len = 1, flags = move }", "t.conf:13: 'roles.w.flags': expected a list, found string");
            mutate("op-weight-zero", op, "{ one-of = [ { op = read, fd = p.r, len = 1, weight = 0 } ] }", "t.conf:13: 'roles.w.weight': expected a whole number from 1 to 1000000, found 0");
            mutate("op-weight-huge", op, "{ one-of = [ { op = read, fd = p.r, len = 1, weight = 1e10 } ] }", "t.conf:13: 'roles.w.weight': expected a whole number from 1 to 1000000, found 10000000000");
            mutate("one-of-empty", op, "{ one-of = [] }", "t.conf:13: 'roles.w.one-of': expected at least one operation, found an empty list");
            mutate("one-of-extra-key", op, "{ one-of = [ " + op + " ], weight = 2 }", "t.conf:13: 'roles.w.loop[]': expected an element with only 'one-of', found other keys beside it");
            mutate("op-vmsplice-both", op, "{ op = vmsplice, mem = buf, in = p.r, out = p.w, len = 4KiB }", "t.conf:13: roles.w: 'vmsplice' needs exactly one of 'out' (memory to a pipe's .w) or 'in' (a pipe's .r to memory)");
            mutate("op-mem-unknown", op, "{ op = vmsplice, mem = nope, out = p.w, len = 4KiB }", "t.conf:13: 'roles.w.mem': expected a memory region of this role, found nope");
            mutate("op-store-outside", op, "{ op = store, mem = buf, len = 64KiB, offset = 0 }", "t.conf:13: roles.w: 'store' of 65536 bytes at 0: expected a range inside mem 'buf' (16384 bytes, a fixed offset)");
            mutate("op-fill-empty", op, "{ op = write, fd = p.w, len = 1, fill = \"\" }", "t.conf:13: 'roles.w.fill': expected a non-empty string, found string \"\"");
            mutate("op-not-object", op, "5", "t.conf:13: 'roles.w.loop[]': expected an object, found number");
            // faults
            fault("fault-every-zero", "kill-process { target = w, every = 0s }", "t.conf:6: 'faults.kill-process.every': expected a duration from 10ms to 7d, found 0s");
            fault("fault-every-negative", "kill-process { target = w, every = -1s }", "t.conf:6: 'faults.kill-process.every': expected a duration from 10ms to 7d, found -1s");
            fault("fault-every-too-often", "kill-process { target = w, every = 1ms }", "t.conf:6: 'faults.kill-process.every': expected a duration from 10ms to 7d, found 1ms");
            fault("fault-every-word", "kill-process { target = w, every = often }", "t.conf:6: 'faults.kill-process.every': expected a duration such as 10s, 500ms or 2m, found 'often'");
            fault("fault-every-missing", "kill-process { target = w }", "t.conf:6: faults.kill-process: missing 'every' (how often it fires, e.g. every = 2s)");
            fault("fault-unknown-kind", "reboot { target = w, every = 1s }", "t.conf:6: 'faults.reboot': expected one of [kill-process, reset-socket, restart-pipe], found reboot");
            fault("fault-unknown-target", "restart-pipe { target = nope, every = 1s }", "t.conf:6: 'faults.restart-pipe.target': expected a shared pipe, found nope");
            fault("fault-unknown-key", "reset-socket { target = bus, every = 1s, how = hard }", "t.conf:6: 'how': expected a key of faults.reset-socket: one of [every, target], found unknown key 'how'");
            // assertions
            assertion("assert-max-violations-negative", "max-violations = -1", "t.conf:6: 'assertions.max-violations': expected a whole number >= 0, found -1");
            assertion("assert-max-leaked-fraction", "max-leaked-pages = 0.5", "t.conf:6: 'assertions.max-leaked-pages': expected a whole number >= 0, found 0.5");
            assertion("assert-copy-ratio-above-1", "max-copy-ratio = 2", "t.conf:6: 'assertions.max-copy-ratio': expected a number from 0 to 1, found 2");
            assertion("assert-min-syscalls-string", "min-syscalls-per-second = lots", "t.conf:6: 'assertions.min-syscalls-per-second': expected a number, found string \"lots\"");
            assertion("assert-bytes-balanced-string", "bytes-balanced = yes", "t.conf:6: 'assertions.bytes-balanced': expected true or false, found \"yes\"");
            assertion("assert-unknown", "max-latency = 1ms", "t.conf:6: 'max-latency': expected a key of assertions: one of [bytes-balanced, max-copy-ratio, max-leaked-pages, max-violations, min-bytes-per-second, min-syscalls-per-second], found unknown key 'max-latency'");
        }

        static void conf(final String name, final String text, final String expected) {
            final String file = write("scenarios/" + name + "/t.conf", text);
            BadInputSweepTest.add("run " + name, "splicelab run: " + expected.replace("t.conf:", file + ":"), "run",
                file);
        }

        static void fault(final String name, final String fault, final String expected) {
            mutate(name, "roles {\n", "faults { " + fault + " }\nroles {\n", expected);
        }

        static void assertion(final String name, final String line, final String expected) {
            mutate(name, "roles {\n", "assertions { " + line + " }\nroles {\n", expected);
        }

        /** A top-level line added after line 2 (so it is line 3). */
        static void top(final String name, final String line, final String expected) {
            mutate(name, "duration = 1s\n", "duration = 1s\n" + line + "\n", expected);
        }

        static void mutate(final String name, final String from, final String to, final String expected) {
            if (!BASE.contains(from)) {
                throw new IllegalArgumentException(name + ": " + from);
            }
            final String file = write("scenarios/" + name + "/t.conf", BASE.replace(from, to));
            BadInputSweepTest.add("run " + name, "splicelab run: " + expected.replace("t.conf:", file + ":"), "run",
                file);
        }
    }

    /** Command options, each with otherwise valid input. */
    private static final class Options {
        static void add() {
            final String litmus = write("options/ok.litmus", LITMUS);
            final String plain = write("options/plain.txt", "not a directory\n");
            final String replay = write("options/ok.replay", ReplayFiles.valid(litmus));
            final String sc = "webserver-sendfile";
            // run
            cli("run --duration 99999999999999h", "splicelab run: --duration: expected a duration from 1ms to 7d, found 99999999999999h", "run", sc, "--duration", "99999999999999h");
            cli("run --duration 0s", "splicelab run: --duration: expected a duration from 1ms to 7d, found 0s", "run", sc, "--duration", "0s");
            cli("run --duration -5s", "splicelab run: --duration: expected a duration from 1ms to 7d, found -5s", "run", sc, "--duration=-5s");
            cli("run --duration abc", "splicelab run: --duration: expected a duration such as 10s, 500ms or 2m, found 'abc'", "run", sc, "--duration", "abc");
            cli("run --duration 10x", "splicelab run: --duration: expected a duration such as 10s, 500ms or 2m, found '10x'", "run", sc, "--duration", "10x");
            cli("run --duration empty", "splicelab run: --duration: expected a duration such as 10s, 500ms or 2m, found ''", "run", sc, "--duration", "");
            cli("run --duration PT-2S", "splicelab run: --duration: expected a duration such as 10s, 500ms or 2m, found 'PT-2S'", "run", sc, "--duration", "PT-2S");
            cli("run --duration missing", "splicelab: Missing required parameter for option '--duration' (D)", "run", sc, "--duration");
            cli("run --seed abc", "splicelab: Invalid value for option '--seed': 'abc' is not a long", "run", sc, "--seed", "abc");
            cli("run --seed beyond long", "splicelab: Invalid value for option '--seed': '99999999999999999999' is not a long", "run", sc, "--seed", "99999999999999999999");
            cli("run --model nope", "splicelab run: --model: unknown model 'nope'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "run", sc, "--model", "nope");
            cli("run no such scenario", "splicelab run: no-such-scenario: no such scenario file, and not a built-in scenario (one of webserver-sendfile, proxy-splice, vmsplice-gift, tee-fanout, writer-vs-splicer, memory-pressure, dirty-pipe, threads-gift, relay-drain, udp-datagrams, devzero-splice, notification-queue, relay-tracer)", "run", "no-such-scenario");
            cli("run --report a file", "splicelab run: --report {dir}/options/plain.txt: expected a directory to write report.json and report.html in, found a file", "run", sc, "--report", plain);
            cli("run --report under a file", "splicelab run: --report {dir}/options/plain.txt/sub: expected a directory to write report.json and report.html in, found a file at {dir}/options/plain.txt", "run", sc, "--report", plain + "/sub");
            cli("run --bogus", "splicelab: Unknown option: '--bogus'", "run", sc, "--bogus");
            cli("run two scenarios", "splicelab: Unmatched argument at index 2: 'webserver-sendfile'", "run", sc, sc);
            // compare
            cli("compare without --models", "splicelab: Missing required option: '--models=a,b,c'", "compare", sc);
            cli("compare without a scenario", "splicelab: Missing required parameter: 'SCENARIO|FILE'", "compare", "--models", "linux");
            cli("compare a model twice", "splicelab compare: --models: linux is named twice", "compare", sc, "--models", "linux,linux");
            cli("compare an unknown model", "splicelab compare: --models: unknown model 'nope'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "compare", sc, "--models", "linux,nope");
            cli("compare empty --models", "splicelab compare: --models: unknown model ''; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "compare", sc, "--models", "");
            cli("compare --report a file", "splicelab compare: --report {dir}/options/plain.txt: expected a directory to write report.json and report.html in, found a file", "compare", sc, "--models", "linux,copy", "--report", plain);
            cli("compare --duration 0ms", "splicelab compare: --duration: expected a duration from 1ms to 7d, found 0ms", "compare", sc, "--models", "linux", "--duration", "0ms");
            cli("compare --repeat 0", "splicelab compare: --repeat: expected a whole number from 1 to 100, found 0", "compare", sc, "--models", "linux", "--repeat", "0");
            cli("compare --repeat 101", "splicelab compare: --repeat: expected a whole number from 1 to 100, found 101", "compare", sc, "--models", "linux", "--repeat", "101");
            cli("compare --warmup -1s", "splicelab compare: --warmup: expected a duration from 0s to 7d, found -1s", "compare", sc, "--models", "linux", "--warmup", "-1s");
            cli("compare --warmup huge", "splicelab compare: --warmup: expected a duration from 0s to 7d, found 99999999999999h", "compare", sc, "--models", "linux", "--warmup", "99999999999999h");
            // kernel cost profiles (run, compare, calibrate --validate-only; ADR 0019)
            final String profile = String.join("\n", "kernel = \"6.18\"", "machine = \"x86_64\"", "cpu = \"c\"",
                "cpus = 2", "measured = \"now\"", "rounds = 5", "cache-bytes = 1048576", "units-ns {",
                "  syscall = 100, pipe-lock = 10, lookup = 20, reference = 30, copy-page = 40, copy-page-cold = 400",
                "  alloc = 500, steal = 1000, refill = 50000, wakeup = 2000, blocked-wait = 3000",
                "  socket-send = 5000, socket-page = 60", "}", "");
            final String negative = write("profiles/negative.conf", profile.replace("lookup = 20", "lookup = -20"));
            final String missingUnit = write("profiles/missing.conf", profile.replace("steal = 1000, ", ""));
            final String unknownKey = write("profiles/unknown.conf", profile + "colour = blue\n");
            final String binary = write("profiles/binary.conf", new byte[] {'k', '=', (byte) 0xff, 0});
            final String broken = write("profiles/broken.conf", profile.replace("units-ns {", "units-ns = ["));
            final String none = DIR.resolve("profiles/none.conf").toString();
            cli("run --profile missing", "splicelab run: --profile " + none + ": cannot read the profile (no such file); `splicelab calibrate` writes one", "run", sc, "--profile", none);
            cli("run --profile negative unit", "splicelab run: --profile " + negative + ":9: units-ns.lookup: expected a number of nanoseconds >= 0, found -20", "run", sc, "--profile", negative);
            cli("compare --profile missing unit", "splicelab compare: --profile " + missingUnit + ":8: units-ns: missing steal (every unit of syscall, pipe-lock, lookup, reference, copy-page, copy-page-cold, alloc, steal, refill, wakeup, blocked-wait, socket-send, socket-page is needed)", "compare", sc, "--models", "linux", "--profile", missingUnit);
            cli("compare --profile unknown key", "splicelab compare: --profile " + unknownKey + ":13: unknown key colour (expected kernel, machine, cpu, cpus, measured, rounds, cache-bytes, units-ns, spread-ns)", "compare", sc, "--models", "linux", "--profile", unknownKey);
            cli("compare --profile binary", "splicelab compare: --profile " + binary + ":1: expected a UTF-8 text profile, found binary data", "compare", sc, "--models", "linux", "--profile", binary);
            cli("run --profile broken", "splicelab run: --profile " + broken + ":9: not a HOCON profile: List should have ended with ] or had a comma, instead had token: '=' (if you want '=' to be part of a string value, then double-quote it)", "run", sc, "--profile", broken);
            cli("calibrate --validate-only without a profile", "splicelab calibrate: --profile " + none + ": cannot read the profile (no such file); `splicelab calibrate` writes one", "calibrate", "--validate-only", "--profile", none);
            cli("calibrate --rounds 0", "splicelab calibrate: --rounds: expected a whole number from 1 to 100, found 0", "calibrate", "--rounds", "0");
            cli("calibrate --rounds 101", "splicelab calibrate: --rounds: expected a whole number from 1 to 100, found 101", "calibrate", "--rounds", "101");
            cli("calibrate --steps 5", "splicelab calibrate: --steps: expected a whole number from 10 to 1,000,000, found 5", "calibrate", "--steps", "5");
            cli("calibrate --budget 0ms", "splicelab calibrate: --budget: expected a duration from 1ms to 7d, found 0ms", "calibrate", "--budget", "0ms");
            cli("calibrate --budget 11s", "splicelab calibrate: --budget: expected at most 10s, found 11s", "calibrate", "--budget", "11s");
            cli("calibrate --kernel-dir a file", "splicelab calibrate: --kernel-dir: " + plain + " is not a directory", "calibrate", "--kernel-dir", plain);
            cli("calibrate --profile a directory", "splicelab calibrate: --profile " + DIR.resolve("profiles") + ": expected a file to write, found a directory", "calibrate", "--profile", DIR.resolve("profiles").toString());
            // bench
            cli("bench --processes 0", "splicelab bench: --processes: expected a whole number from 1 to 1000000, found 0", "bench", "--processes", "0");
            cli("bench --processes 1000000", "splicelab bench: --processes: expected at most {fit:16384:16785408} processes (what this JVM's heap holds), found 1000000: the world needs about 15.3 GiB of heap (16.0 KiB a process), more than the {budget} a run may take (3/4 of -Xmx {xmx}; raise it with SPLICELAB_JAVA_OPTS=-Xmx...)", "bench", "--processes", "1000000", "--no-kernel");
            cli("bench --processes abc", "splicelab: Invalid value for option '--processes': 'abc' is not an int", "bench", "--processes", "abc");
            cli("bench --rounds 0", "splicelab bench: --rounds: expected a whole number from 1 to 100, found 0", "bench", "--rounds", "0");
            cli("bench --rounds 101", "splicelab bench: --rounds: expected a whole number from 1 to 100, found 101", "bench", "--rounds", "101");
            cli("bench --duration 0s", "splicelab bench: --duration: expected a duration from 1ms to 7d, found 0s", "bench", "--duration", "0s");
            cli("bench --duration overflow", "splicelab bench: --duration: expected a duration from 1ms to 7d, found 99999999999999h", "bench", "--duration", "99999999999999h");
            cli("bench --warmup -1s", "splicelab bench: --warmup: expected a duration from 0s to 7d, found -1s", "bench", "--warmup=-1s");
            cli("bench --duration plus --warmup", "splicelab bench: --duration plus --warmup: expected at most 7d, found 8d", "bench", "--duration", "5d", "--warmup", "3d");
            // litmus
            cli("litmus --exhaustive-limit -1", "splicelab litmus: --exhaustive-limit: expected a whole number >= 0, found -1", "litmus", "--exhaustive-limit", "-1", litmus);
            cli("litmus --executions 0", "splicelab litmus: --executions: expected a whole number >= 1, found 0", "litmus", "--executions", "0", litmus);
            cli("litmus --executions beyond int", "splicelab: Invalid value for option '--executions': '99999999999' is not an int", "litmus", "--executions", "99999999999", litmus);
            cli("litmus --timeout 0", "splicelab litmus: --timeout: expected a whole number of seconds >= 1, found 0", "litmus", "--timeout", "0", litmus);
            cli("litmus --format xml", "splicelab litmus: --format must be text, json or herd, not 'xml'", "litmus", "--format", "xml", litmus);
            cli("litmus --model nope", "splicelab litmus: --model: unknown model 'nope'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "litmus", "--model", "nope", litmus);
            cli("litmus --model and --all-models", "splicelab litmus: --model and --all-models exclude each other", "litmus", "--model", "linux", "--all-models", litmus);
            cli("litmus --exploration magic", "splicelab litmus: --exploration: 'magic' is not auto, naive, dpor or sampled", "litmus", "--exploration", "magic", litmus);
            cli("litmus without files", "splicelab: Missing required parameter: 'FILE'", "litmus");
            cli("litmus --seed abc", "splicelab: Invalid value for option '--seed': 'abc' is not a long", "litmus", "--seed", "abc", litmus);
            // fuzz
            cli("fuzz --programs 0", "splicelab fuzz: --programs: expected a whole number >= 1, found 0", "fuzz", "--programs", "0");
            cli("fuzz --processes 0", "splicelab fuzz: --processes: expected 1 to 3, found 0", "fuzz", "--processes", "0");
            cli("fuzz --processes 4", "splicelab fuzz: --processes: expected 1 to 3, found 4", "fuzz", "--processes", "4");
            cli("fuzz --runs 0", "splicelab fuzz: --runs: expected a whole number >= 1, found 0", "fuzz", "--processes", "2", "--runs", "0");
            cli("fuzz --kernel-dir a file", "splicelab fuzz: --kernel-dir: {dir}/options/plain.txt is not a directory", "fuzz", "--kernel-dir", plain);
            // hunt
            cli("hunt --out a file", "splicelab hunt: --out {dir}/options/plain.txt: expected a directory to write the replay file in, found a file", "hunt", litmus, "--out", plain);
            cli("hunt --out under a file", "splicelab hunt: --out {dir}/options/plain.txt/replays: expected a directory to write the replay file in, found a file at {dir}/options/plain.txt", "hunt", litmus, "--out", plain + "/replays");
            cli("hunt --schedules 0", "splicelab hunt: --schedules: expected a whole number >= 1, found 0", "hunt", litmus, "--schedules", "0");
            cli("hunt --strategy bogus", "splicelab hunt: --strategy must be random or pct, not 'bogus'", "hunt", litmus, "--strategy", "bogus");
            cli("hunt --pct-depth 0", "splicelab hunt: --pct-depth: expected a whole number >= 1, found 0", "hunt", litmus, "--pct-depth", "0");
            cli("hunt --pct-k 0", "splicelab hunt: --pct-k: expected a whole number >= 1, found 0", "hunt", litmus, "--pct-k", "0");
            cli("hunt --loop-iterations on a litmus file", "splicelab hunt: --loop-iterations applies to scenario targets only, not to {dir}/options/ok.litmus", "hunt", litmus, "--loop-iterations", "2");
            cli("hunt --loop-iterations 0", "splicelab hunt: --loop-iterations: expected a whole number >= 1, found 0", "hunt", "dirty-pipe", "--loop-iterations", "0");
            cli("hunt --time 0", "splicelab hunt: --time: expected a whole number of seconds >= 1, found 0", "hunt", litmus, "--stress", "--time", "0");
            cli("hunt --iterations 0", "splicelab hunt: --iterations: expected a whole number >= 1, found 0", "hunt", litmus, "--stress", "--iterations", "0");
            cli("hunt --model nope", "splicelab hunt: --model: unknown model 'nope'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "hunt", litmus, "--model", "nope");
            cli("hunt no such target", "splicelab hunt: {dir}/nothing.conf: no such scenario file, and not a built-in scenario (one of webserver-sendfile, proxy-splice, vmsplice-gift, tee-fanout, writer-vs-splicer, memory-pressure, dirty-pipe, threads-gift, relay-drain, udp-datagrams, devzero-splice, notification-queue, relay-tracer)", "hunt", DIR.resolve("nothing.conf").toString());
            cli("hunt no such litmus file", "{dir}/nothing.litmus: no such file", "hunt", DIR.resolve("nothing.litmus").toString());
            cli("hunt without a target", "splicelab: Missing required parameter: 'TARGET'", "hunt");
            // hunt, fuzz and sweep on a cluster; the cluster's nodes
            cli("hunt --cluster without a port", "splicelab hunt: --cluster: expected HOST:PORT (e.g. 127.0.0.1:25520), found 'nowhere'", "hunt", litmus, "--cluster", "nowhere");
            cli("hunt --cluster port 0", "splicelab hunt: --cluster: expected a port from 1 to 65535 after the ':', found '0'", "hunt", litmus, "--cluster", "127.0.0.1:0");
            cli("hunt --cluster port too big", "splicelab hunt: --cluster: expected a port from 1 to 65535 after the ':', found '70000'", "hunt", litmus, "--cluster", "127.0.0.1:70000");
            cli("hunt --range 0", "splicelab hunt: --range: expected a whole number >= 1, found 0", "hunt", litmus, "--cluster", "127.0.0.1:25520", "--range", "0");
            cli("hunt --range without --cluster", "splicelab hunt: --range applies with --cluster only", "hunt", litmus, "--range", "10");
            cli("hunt --worker-wait 0s", "splicelab hunt: --worker-wait: expected a duration from 100ms to 1h, found 0s", "hunt", litmus, "--cluster", "127.0.0.1:25520", "--worker-wait", "0s");
            cli("hunt --stress --cluster", "splicelab hunt: --stress runs on this machine's threads and does not take --cluster", "hunt", litmus, "--stress", "--cluster", "127.0.0.1:25520");
            cli("fuzz --cluster without a port", "splicelab fuzz: --cluster: expected HOST:PORT (e.g. 127.0.0.1:25520), found 'h:'", "fuzz", "--cluster", "h:");
            cli("fuzz --kernel-dir with --cluster", "splicelab fuzz: --kernel-dir names a directory of this machine; with --cluster each worker makes its files in its own java.io.tmpdir", "fuzz", "--cluster", "127.0.0.1:25520", "--kernel-dir", DIR.toString());
            cli("sweep --models nope", "splicelab sweep: --models: unknown model 'nope'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck", "sweep", litmus, "--models", "linux,nope");
            cli("sweep --schedules 0", "splicelab sweep: --schedules: expected a whole number >= 1, found 0", "sweep", litmus, "--models", "linux", "--schedules", "0");
            cli("sweep --strategy bogus", "splicelab sweep: --strategy must be random or pct, not 'bogus'", "sweep", litmus, "--models", "linux", "--strategy", "bogus");
            cli("sweep without --models", "splicelab: Missing required option: '--models=a,b,c'", "sweep", litmus);
            cli("sweep no such litmus file", "{dir}/nothing.litmus: no such file", "sweep", DIR.resolve("nothing.litmus").toString(), "--models", "linux");
            cli("sweep --range without --cluster", "splicelab sweep: --range applies with --cluster only", "sweep", litmus, "--models", "linux", "--range", "5");
            cli("cluster seed --port 0", "splicelab cluster seed: --port: expected 1 to 65535, found 0", "cluster", "seed", "--port", "0");
            cli("cluster seed --workers -1", "splicelab cluster seed: --workers: expected 0 to 1024, found -1", "cluster", "seed", "--workers", "-1");
            cli("cluster seed --down-after soon", "splicelab cluster seed: --down-after: expected a duration such as 10s, 500ms or 2m, found 'soon'", "cluster", "seed", "--down-after", "soon");
            cli("cluster worker without --join", "splicelab: Missing required option: '--join=HOST:PORT'", "cluster", "worker");
            cli("cluster worker --join without a port", "splicelab cluster worker: --join: expected HOST:PORT (e.g. 127.0.0.1:25520), found '127.0.0.1'", "cluster", "worker", "--join", "127.0.0.1");
            cli("cluster worker --workers 0", "splicelab cluster worker: --workers: expected 1 to 1024, found 0", "cluster", "worker", "--join", "127.0.0.1:25520", "--workers", "0");
            cli("cluster worker --port -1", "splicelab cluster worker: --port: expected 0 to 65535, found -1", "cluster", "worker", "--join", "127.0.0.1:25520", "--port", "-1");
            cli("cluster worker --join-timeout 0s", "splicelab cluster worker: --join-timeout: expected a duration from 100ms to 1h, found 0s", "cluster", "worker", "--join", "127.0.0.1:25520", "--join-timeout", "0s");
            // replay
            cli("replay --max-runs 0", "splicelab replay: --max-runs: expected a whole number >= 1, found 0", "replay", replay, "--shrink", "--max-runs", "0");
            cli("replay --max-runs -1", "splicelab replay: --max-runs: expected a whole number >= 1, found -1", "replay", replay, "--shrink", "--max-runs=-1");
            cli("replay --out without --shrink", "splicelab replay: --out: applies to --shrink only (where the shrunk schedule goes)", "replay", replay, "--out", DIR.resolve("x.replay").toString());
            cli("replay --out a directory", "splicelab replay: --out {dir}: expected a file to write, found a directory", "replay", replay, "--shrink", "--out", DIR.toString());
            cli("replay --out under a file", "splicelab replay: --out {dir}/options/plain.txt: expected a directory to write x.replay in, found a file", "replay", replay, "--shrink", "--out", plain + "/x.replay");
            cli("replay no such file", "splicelab replay: {dir}/nothing.replay: no such file", "replay", DIR.resolve("nothing.replay").toString());
            cli("replay without a file", "splicelab: Missing required parameter: 'FILE'", "replay");
            // the command itself
            cli("unknown subcommand", "splicelab: Unmatched argument at index 0: 'frobnicate'", "frobnicate");
            cli("unknown option", "splicelab: Unknown option: '--bogus'", "--bogus");
        }

        static void cli(final String name, final String expected, final String... args) {
            BadInputSweepTest.add(name, expected, args);
        }
    }

    /** Litmus files: one mutation of a valid test each, run with {@code litmus}. */
    private static final class LitmusFiles {
        static void add() {
            mutate("repeat-a-billion", "  r1 = read p 1\n", "  repeat 1000000000 {\n    r1 = read p 1\n  }\n", "t.litmus:6:10: a repeat count must be between 1 and 100000, found 1000000000");
            mutate("repeat-zero", "  r1 = read p 1\n", "  repeat 0 {\n    r1 = read p 1\n  }\n", "t.litmus:6:10: a repeat count must be between 1 and 100000, found 0");
            mutate("repeat-nested-too-many-calls", "  r1 = read p 1\n",
                "  repeat 2000 {\n    repeat 1000 {\n      r1 = read p 1\n    }\n  }\n", "t.litmus:6:10: expected at most 1000000 calls in a process, found repeat 2000 of 1000 calls");
            mutate("repeat-negative", "  r1 = read p 1\n", "  repeat -3 {\n    r1 = read p 1\n  }\n", "t.litmus:6:10: a repeat count must be between 1 and 100000, found -3");
            mutate("file-size-negative", "size=4096", "size=-1", "t.litmus:2:13: a file size must be between 0 and 67108864, found -1");
            mutate("file-size-huge", "size=4096", "size=99999999999", "t.litmus:2:13: a file size must be between 0 and 67108864, found 99999999999");
            mutate("pipe-size-negative", "pipe p", "pipe p size=-4096", "t.litmus:3:13: a pipe size must be between 0 and 2147483647, found -4096");
            mutate("pipe-size-too-large", "pipe p", "pipe p size=2097152", "t.litmus:3:1: pipe p size=2097152 is not a size F_SETPIPE_SZ accepts for an unprivileged process (expected at most 1048576 bytes, fs.pipe-max-size)");
            mutate("mem-size-negative", "pipe p", "pipe p\nmem m size=-1", "t.litmus:4:12: a mem size must be between 1 and 67108864, found -1");
            mutate("read-length-negative", "read p 1", "read p -1", "t.litmus:6:15: expected a length (an integer >= 0), found -1");
            mutate("splice-offset-negative", "splice f@0", "splice f@-1", "t.litmus:5:17: expected an offset after '@' (an integer >= 0), found -1");
            mutate("splice-length-negative", "-> p 4096", "-> p -4096", "t.litmus:5:24: expected a length (an integer >= 0), found -4096");
            mutate("data-literal-too-long", "  r1 = read p 1\n", "  write p 'A'*100000000\n", "t.litmus:6:15: a repeat count after '*' must be between 0 and 67108864, found 100000000");
            mutate("data-literal-negative-count", "  r1 = read p 1\n", "  write p 'A'*-1\n", "t.litmus:6:15: a repeat count after '*' must be between 0 and 67108864, found -1");
            mutate("integer-too-large", "read p 1", "read p 99999999999999999999", "t.litmus:6:15: integer '99999999999999999999' is too large");
            mutate("flags-negative", "-> p 4096", "-> p 4096 flags=-1", "t.litmus:5:35: expected a flags value (an integer >= 0), found -1");
            mutate("condition-negative", "expect r0 == 4096", "expect r0 != -1", "t.litmus:8:14: expected a register, len(REG), an integer, an errno name or a data literal, found -1 (integers are never negative: a failed call's result is an errno name such as EINVAL)");
            mutate("fd-number-too-large", "read p 1", "read fd:99999999999 1", "t.litmus:6:16: a descriptor number after 'fd:' must be between 0 and 2147483647, found 99999999999");
            mutate("no-header", "litmus ok\n", "", "t.litmus:1:1: expected 'litmus NAME' as the first line, found 'file'");
            mutate("unknown-op", "r1 = read p 1", "r1 = frob p 1", "t.litmus:6:8: expected an operation (splice, vmsplice, tee, sendfile, read, pread, write, pwrite, truncate, fsync, fadvise, size, setpipe, getpipe, fionread, close, store, load, watchsize, notify, relaywrite), found 'frob'");
            mutate("unknown-declaration", "pipe p", "pipe p\nqueue q", "t.litmus:4:1: expected a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process', found 'queue'");
            mutate("socketpair-unknown-kind", "pipe p", "pipe p\nsocketpair s sctp", "t.litmus:4:14: expected 'unix', 'tcp', 'udp', 'nonblock' or end of line, found 'sctp'");
            mutate("socketpair-udp-trailing", "pipe p", "pipe p\nsocketpair s udp nonblock 3", "t.litmus:4:27: expected end of line after 'nonblock', found '3'");
            mutate("pipe-notification-with-size", "pipe p", "pipe p\npipe n size=4096 notification", "t.litmus:4:18: 'size' and 'notification' cannot be combined: F_SETPIPE_SZ on a notification pipe is EBUSY (size its watch queue with 'watchsize P N')");
            mutate("pipe-notes-without-notification", "pipe p", "pipe p\npipe n notes=4", "t.litmus:4:8: notes=N sizes a notification pipe's watch queue: add 'notification'");
            mutate("pipe-notes-too-many", "pipe p", "pipe p\npipe n notification notes=513", "t.litmus:4:27: a note count must be between 1 and 512, found 513");
            mutate("notify-plain-pipe", "r1 = read p 1", "r1 = notify p", "t.litmus:6:15: notify posts into a notification pipe (declared 'pipe P notification'), found p.r");
            mutate("notify-bad-field", "pipe p\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = read p 1", "pipe p notification\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = notify p kind=3", "t.litmus:6:17: expected a note field (type=N, subtype=N, id=N, data=LIT), found 'kind'");
            mutate("notify-data-too-long", "pipe p\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = read p 1", "pipe p notification\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = notify p data='x'*120", "t.litmus:6:22: a note holds at most 119 bytes of data after its 8-byte header (WATCH_INFO_LENGTH is 127), found 120");
            mutate("notify-subtype-too-large", "pipe p\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = read p 1", "pipe p notification\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = notify p subtype=256", "t.litmus:6:25: a note subtype must be between 0 and 255, found 256");
            mutate("watchsize-no-count", "r1 = read p 1", "r1 = watchsize p", "t.litmus:6:19: expected a note count, found end of line");
            mutate("relay-no-subbufs", "pipe p", "pipe p\nrelay R subbufs=0", "t.litmus:4:17: a sub-buffer count must be between 1 and 1024, found 0");
            mutate("relay-subbuf-too-large", "pipe p", "pipe p\nrelay R subbuf=9000000", "t.litmus:4:16: a sub-buffer size in bytes must be between 1 and 8388608, found 9000000");
            mutate("relay-channel-too-large", "pipe p", "pipe p\nrelay R subbufs=1024 subbuf=65536", "t.litmus:4:7: relay 'R' of 1024 sub-buffers of 65536 bytes is larger than the model's 8388608-byte channel limit");
            mutate("relay-bad-option", "pipe p", "pipe p\nrelay R bogus=1", "t.litmus:4:9: expected a relay option (subbufs=N, subbuf=SIZE), found 'bogus'");
            mutate("relay-duplicate-option", "pipe p", "pipe p\nrelay R subbufs=4 subbufs=2", "t.litmus:4:19: duplicate option 'subbufs'");
            mutate("relaywrite-not-relay", "r1 = read p 1", "r1 = relaywrite p \"x\"", "t.litmus:6:19: relaywrite writes into a relay channel (declared 'relay R'), found 'p'");
            mutate("relaywrite-offset", "pipe p\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = read p 1", "pipe p\nrelay R\nprocess P0 {\n  r0 = splice f@0 -> p 4096\n  r1 = relaywrite R@0 \"x\"", "t.litmus:7:20: relaywrite takes no offset");
            mutate("device-missing-kind", "pipe p", "pipe p\ndevice z", "t.litmus:4:9: expected a device (null, zero, full) after 'device z', found end of line");
            mutate("device-unknown-kind", "pipe p", "pipe p\ndevice z urandom", "t.litmus:4:10: expected a device (null, zero, full), found 'urandom'");
            mutate("device-bad-option", "pipe p", "pipe p\ndevice z zero odirect", "t.litmus:4:15: expected a device option (mode=rw|ro|wo, nonblock), found 'odirect'");
            mutate("device-bad-mode", "pipe p", "pipe p\ndevice z zero mode=rx", "t.litmus:4:20: expected a mode (rw, ro, wo), found 'rx'");
            mutate("unterminated-string", "  r1 = read p 1\n", "  write p \"abc\n", "t.litmus:6:11: unterminated string: expected '\"' before end of line");
            mutate("bad-escape", "  r1 = read p 1\n", "  write p \"\\q\"\n", "t.litmus:6:12: bad escape '\\q': expected \\n, \\t, \\\", \\\\ or \\xHH");
            mutate("process-unclosed", "}\n", "", "t.litmus:7:1: expected a statement or '}' to close process P0 (opened at line 4), found 'expect'");
            mutate("model-unknown", "pipe p", "pipe p\nmodel bsd", "t.litmus:4:7: unknown model 'bsd'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck");
            mutate("condition-unknown-model", "expect r0 == 4096", "[bsd] expect r0 == 4096", "t.litmus:8:2: unknown model 'bsd'; expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck");
            mutate("condition-unknown-register", "expect r0 == 4096", "expect r9 == 4096", "t.litmus:8:8: register 'r9' is never assigned by any process");
            mutate("undeclared-object", "read p 1", "read q 1", "t.litmus:6:13: 'q' is not declared (declared: f, p)");
        }

        static void mutate(final String name, final String from, final String to, final String expected) {
            if (!LITMUS.contains(from)) {
                throw new IllegalArgumentException(name + ": " + from);
            }
            final String file = write("litmus/" + name + ".litmus", LITMUS.replace(from, to));
            BadInputSweepTest.add("litmus " + name, expected.replace("t.litmus:", file + ":"), "litmus", file);
        }
    }

    /** Replay files: one mutation of a valid file each, run with {@code replay}. */
    private static final class ReplayFiles {
        static String valid(final String litmus) {
            return String.join("\n",
                "splicelab-replay = 1",               // 1
                "name = \"ok\"",                      // 2
                "target-kind = \"litmus\"",           // 3
                "target = \"" + litmus + "\"",        // 4
                "model = \"linux\"",                  // 5
                "strategy = \"pct\"",                 // 6
                "seed = 1",                           // 7
                "pct-depth = 3",                      // 8
                "found = []",                         // 9
                "decisions = [ \"a0/1\" ]",           // 10
                "");
        }

        static void add() {
            final String litmus = write("replay/ok.litmus", LITMUS);
            final String base = valid(litmus);
            mutate("missing-format", base, "splicelab-replay = 1\n", "", "splicelab replay: t.replay:1: not a replay file: expected 'splicelab-replay = 1' (written by hunt), found no such key");
            mutate("format-2", base, "splicelab-replay = 1", "splicelab-replay = 2", "splicelab replay: t.replay:1: 'splicelab-replay': expected replay format 1 (what this splicelab reads), found 2");
            mutate("format-string", base, "splicelab-replay = 1", "splicelab-replay = x", "splicelab replay: t.replay:1: 'splicelab-replay': expected replay format 1 (what this splicelab reads), found string \"x\"");
            mutate("not-hocon", base, "name = \"ok\"", "name = {", "splicelab replay: t.replay:11: not a replay file (expected HOCON as hunt writes it): expecting a close parentheses ')' here, not: end of file");
            mutate("memory-points-number", base, "found = []", "found = []\nmemory-points = 5", "splicelab replay: t.replay:10: 'memory-points': expected true or false, found number 5");
            mutate("decisions-missing", base, "decisions = [ \"a0/1\" ]", "", "splicelab replay: t.replay:1: missing 'decisions' (expected a replay file as hunt writes it)");
            mutate("decisions-garbage", base, "\"a0/1\"", "\"garbage\"", "splicelab replay: t.replay:10: 'decisions': expected decisions such as \"a0/2\" (a, m, p or x, the option chosen, slash, the options), found \"garbage\"");
            mutate("decisions-number", base, "decisions = [ \"a0/1\" ]", "decisions = 5", "splicelab replay: t.replay:10: 'decisions': expected a list, found number 5");
            mutate("decisions-not-strings", base, "\"a0/1\"", "{ a = 1 }", "splicelab replay: t.replay:10: 'decisions': expected decisions such as \"a0/2\" (a, m, p or x, the option chosen, slash, the options), found {\"a\":1}");
            mutate("decision-chosen-beyond-options", base, "\"a0/1\"", "\"a5/2\"", "splicelab replay: t.replay:10: 'decisions': expected decisions such as \"a0/2\" (a, m, p or x, the option chosen, slash, the options), found \"a5/2\"");
            mutate("target-missing", base, "target = \"" + litmus + "\"\n", "", "splicelab replay: t.replay:1: missing 'target' (expected a replay file as hunt writes it)");
            mutate("target-no-such-file", base, litmus, DIR.resolve("gone/none.litmus").toString(), "splicelab replay: t.replay:4: 'target': expected a litmus file (as written, or beside the replay file), found {dir}/gone/none.litmus: no such file");
            mutate("target-kind-mismatch", base, "target-kind = \"litmus\"", "target-kind = \"scenario\"", "splicelab replay: t.replay:3: 'target-kind': expected litmus (the kind of target {dir}/replay/ok.litmus), found scenario");
            final String kindAndTarget = "target-kind = \"litmus\"\ntarget = \"" + litmus + "\"";
            mutate("target-class-not-a-target", base, kindAndTarget,
                "target-kind = \"class\"\ntarget = \"class:java.lang.String\"", "splicelab replay: t.replay:4: 'target': expected a class implementing HuntTarget with a public no-argument constructor, found class:java.lang.String: not a HuntTarget");
            mutate("target-class-unknown", base, kindAndTarget,
                "target-kind = \"class\"\ntarget = \"class:no.such.Target\"", "splicelab replay: t.replay:4: 'target': expected a class implementing HuntTarget with a public no-argument constructor, found class:no.such.Target: no such class");
            mutate("target-scenario-unknown", base, kindAndTarget,
                "target-kind = \"scenario\"\ntarget = \"scenario:no-such-scenario\"", "splicelab replay: t.replay:4: 'target': expected a built-in scenario or a scenario file (as written, or beside the replay file), found scenario:no-such-scenario: no such scenario");
            mutate("target-broken-litmus", base, litmus, write("replay/broken.litmus", "litmus\n"), "splicelab replay: {dir}/replay/broken.litmus:1:7: expected the test's name after 'litmus', found end of line");
            mutate("model-unknown", base, "model = \"linux\"", "model = \"bsd\"", "splicelab replay: t.replay:5: 'model': expected one of linux, private-pages, copy, dirty-pipe, iter-pipe, iter-pipe-seekable, private-pages-racy, lookup-no-recheck, found bsd");
            mutate("model-number", base, "model = \"linux\"", "model = 5", "splicelab replay: t.replay:5: 'model': expected a string, found number 5");
            mutate("seed-string", base, "seed = 1", "seed = x", "splicelab replay: t.replay:7: 'seed': expected a whole number, found string \"x\"");
            mutate("seed-fraction", base, "seed = 1", "seed = 1.5", "splicelab replay: t.replay:7: 'seed': expected a whole number, found 1.5");
            mutate("pct-depth-huge", base, "pct-depth = 3", "pct-depth = 1e20", "splicelab replay: t.replay:8: 'pct-depth': expected a whole number from 0 to 1048576, found 1.0E20");
            mutate("strategy-unknown", base, "strategy = \"pct\"", "strategy = \"bfs\"", "splicelab replay: t.replay:6: 'strategy': expected pct or random, found bfs");
            mutate("found-not-a-list", base, "found = []", "found = 5", "splicelab replay: t.replay:9: 'found': expected a list, found number 5");
            mutate("target-parameters-list", base, "found = []", "found = []\ntarget-parameters = [ 1 ]", "splicelab replay: t.replay:10: 'target-parameters': expected an object of names and strings, found list [1]");
        }

        static void mutate(final String name, final String base, final String from, final String to,
                           final String expected) {
            if (!base.contains(from)) {
                throw new IllegalArgumentException(name + ": " + from);
            }
            final String file = write("replay/" + name + ".replay", base.replace(from, to));
            BadInputSweepTest.add("replay " + name, expected.replace("t.replay:", file + ":"), "replay", file);
        }
    }

    /** Binary, empty, oversized and misplaced files given to every command that reads one. */
    private static final class Garbage {
        static void add() {
            final byte[] binary = new byte[4096];
            new java.util.Random(12).nextBytes(binary);
            binary[0] = 'n';
            binary[1] = (byte) 0xC3;
            binary[2] = (byte) 0x28;
            final byte[] nul = "name = t\nduration = 1s\n\0\0\0\n".getBytes(StandardCharsets.UTF_8);
            final byte[] latin1 = "name = caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
            final byte[] utf16 = "name = t\n".getBytes(StandardCharsets.UTF_16);
            final String notUtf8 = "FILE:1:2: expected UTF-8 text, found byte 0xC3, which is not UTF-8";
            final String nulByte = "FILE:3:1: expected UTF-8 text, found a NUL byte (a binary file?)";
            final String latin = "FILE:1:11: expected UTF-8 text, found byte 0xE9, which is not UTF-8";
            final String bom16 = "FILE:1:1: expected UTF-8 text, found byte 0xFE, which is not UTF-8";
            final String[][] kinds = {{"run", "conf", "splicelab run: "}, {"litmus", "litmus", ""},
                {"replay", "replay", "splicelab replay: "}, {"hunt", "conf", "splicelab hunt: "}, {"hunt", "litmus", ""}};
            for (final String[] k : kinds) {
                file(k[0], k[1], "binary", binary, k[2] + notUtf8);
                file(k[0], k[1], "nul-bytes", nul, k[2] + nulByte);
                file(k[0], k[1], "latin-1", latin1, k[2] + latin);
                file(k[0], k[1], "utf-16", utf16, k[2] + bom16);
                final String dir = DIR.resolve("garbage/" + k[0] + "/a-directory." + k[1]).toString();
                new java.io.File(dir).mkdirs();
                BadInputSweepTest.add(k[0] + " a directory (." + k[1] + ")",
                    k[2] + dir + ": expected a file, found a directory", k[0], dir);
            }
            file("run", "conf", "empty", new byte[0], "splicelab run: FILE:1: missing 'name'");
            file("run", "conf", "blank", "\n\n  \n".getBytes(StandardCharsets.UTF_8), "splicelab run: FILE:1: missing 'name'");
            file("litmus", "litmus", "empty", new byte[0], "FILE:1:1: expected 'litmus NAME' as the first line, found "
                + "end of file");
            file("litmus", "litmus", "blank", "\n\n  \n".getBytes(StandardCharsets.UTF_8),
                "FILE:4:1: expected 'litmus NAME' as the first line, found end of file");
            file("replay", "replay", "empty", new byte[0], "splicelab replay: FILE:1: not a replay file: expected "
                + "'splicelab-replay = 1' (written by hunt), found no such key");
            file("replay", "replay", "blank", "\n\n  \n".getBytes(StandardCharsets.UTF_8), "splicelab replay: FILE:1: "
                + "not a replay file: expected 'splicelab-replay = 1' (written by hunt), found no such key");
            final byte[] huge = new byte[(int) org.splicelab.scenario.TextFiles.MAX_BYTES + 1];
            java.util.Arrays.fill(huge, (byte) '#');
            file("run", "conf", "over-64MiB", huge, "splicelab run: FILE: expected a text file of at most 64 MiB, found "
                + "67108865 bytes");
        }

        static void file(final String cmd, final String ext, final String name, final byte[] bytes,
                         final String expected) {
            final String file = write("garbage/" + cmd + "/" + name + "." + ext, bytes);
            BadInputSweepTest.add(cmd + " " + name + "." + ext, expected.replace("FILE", file), cmd, file);
        }
    }
}
