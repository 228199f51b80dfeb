package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.litmus.LitmusSources.assertConditionError;
import static org.splicelab.litmus.LitmusSources.assertErrorAt;
import static org.splicelab.litmus.LitmusSources.assertStatementError;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.splicelab.protocols.KernelModel;

/**
 * Malformed inputs: each reports its first error at the exact line and column (marked {@code ^} in
 * the source) with the exact message.
 */
class ParseErrorTest {
    private static final String OPS = String.join(", ", StatementParser.OPS);

    @Test
    void shouldFormatFileLineColumnAndMessage() {
        final LitmusParseException e = assertThrows(LitmusParseException.class,
            () -> LitmusParser.parse("tests/bad.litmus", "litmus t\npipe p\nprocess P0 {\n  read p\n}\n"));
        assertEquals("tests/bad.litmus", e.fileLabel());
        assertEquals(4, e.line());
        assertEquals(9, e.column());
        assertEquals("expected a length, found end of line", e.detail());
        assertEquals("tests/bad.litmus:4:9: expected a length, found end of line", e.getMessage());
    }

    @Test
    void shouldReportAnEmptyFileAtLineOneColumnOne() {
        final LitmusParseException e = assertThrows(LitmusParseException.class, () -> LitmusParser.parse("e", ""));
        assertEquals("e:1:1: expected 'litmus NAME' as the first line, found end of file", e.getMessage());
    }

    @Test
    void shouldReportAnUnterminatedProcessAtTheEndOfTheFile() {
        final LitmusParseException e = assertThrows(LitmusParseException.class,
            () -> LitmusParser.parse("u", "litmus t\npipe p\nprocess P0 {\n  read p 1\n"));
        assertEquals("u:5:1: expected '}' to close process P0 (opened at line 3), found end of file", e.getMessage());
    }

    /** Seeded mutations of valid files either parse or fail with a located parse error, never anything else. */
    @Test
    void shouldFailOnlyWithLocatedParseErrorsOnMutatedInput() {
        final String[] seeds = {LitmusParserTest.EXAMPLE, LitmusSources.conditionSource(
            "[linux, copy] exists (r1[0..1] == 'A'*1 + \"\" || len(r1) != 2) && !deadlock || violation(page-leak)")
            + "forbid r0 == EAGAIN\n"};
        final String alphabet = "abfprsmx0189 \n\t\"'\\@.:->=!<&|[](){}*+#,_";
        final java.util.Random random = new java.util.Random(7);
        int failures = 0;
        for (int i = 0; i < 3000; i++) {
            final StringBuilder sb = new StringBuilder(seeds[i % seeds.length]);
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                final int at = random.nextInt(sb.length());
                switch (random.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(at);
                    case 1 -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            final String source = sb.toString();
            try {
                LitmusParser.parse("fuzz", source);
            } catch (final LitmusParseException e) {
                failures++;
                final long lines = source.chars().filter(c -> c == '\n').count() + 1;
                assertTrue(e.line() >= 1 && e.line() <= lines && e.column() >= 1, e.getMessage() + "\n" + source);
                assertTrue(e.getMessage().startsWith("fuzz:" + e.line() + ":" + e.column() + ": "), e.getMessage());
            }
        }
        assertTrue(failures > 1000, "most mutations should be rejected, got " + failures);
    }

    static Stream<Arguments> statementErrors() {
        return Stream.of(
            // lexical
            Arguments.of("write p ^\"abc", "unterminated string: expected '\"' before end of line"),
            Arguments.of("write p \"a^\\qb\"", "bad escape '\\q': expected \\n, \\t, \\\", \\\\ or \\xHH"),
            Arguments.of("write p \"^\\x4\"", "bad escape: expected two hex digits after \\x"),
            Arguments.of("write p \"^\\'\"", "bad escape '\\'': expected \\n, \\t, \\\", \\\\ or \\xHH"),
            Arguments.of("write p 'A^B'*3", "expected \"'\" to close the character literal, found 'B'"),
            Arguments.of("write p ^''*3", "empty character literal: expected one character between the quotes"),
            Arguments.of("write p ^'", "unterminated character literal: expected a character and a closing \"'\""),
            Arguments.of("write p '^é'", "character literal must be one byte: write a non-ASCII byte as \\xHH"),
            Arguments.of("read p ^12ab", "malformed integer '12ab'"),
            Arguments.of("read p ^0x", "expected hex digits after '0x', found end of line"),
            Arguments.of("read p ^0xg1", "expected hex digits after '0x', found 'g'"),
            Arguments.of("read p ^99999999999999999999", "integer '99999999999999999999' is too large"),
            Arguments.of("r0 ^$ read p 1", "unexpected character '$'"),
            Arguments.of("splice f ^- p 1", "expected '->', found '-'"),
            Arguments.of("read p 1 ^; close p.r", "unexpected character ';'"),
            // statement keywords and line structure
            Arguments.of("^frob p", "expected a statement or '}' to close process P0 (opened at line 9), found 'frob'"),
            Arguments.of("r0 = ^frob p", "expected an operation (" + OPS + "), found 'frob'"),
            Arguments.of("r0 = ^42", "expected an operation (" + OPS + "), found '42'"),
            Arguments.of("^= read p 1", "expected a statement or '}' to close process P0 (opened at line 9), found '='"),
            Arguments.of("read p 1 ^2", "expected end of line after the arguments of read, found '2'"),
            Arguments.of("read p^", "expected a length, found end of line"),
            Arguments.of("read p ^\"x\"", "expected a length, found string \"x\""),
            Arguments.of("read p 1 ^nonblock", "read takes no flags, found 'nonblock'"),
            Arguments.of("sendfile f -> p 1 ^move", "sendfile takes no flags, found 'move'"),
            Arguments.of("write p \"x\" ^flags=1", "write takes no flags, found 'flags'"),
            Arguments.of("splice f -> p 1 ^fast", "expected a flag (move, nonblock, more, gift, flags=N) or end of line, found 'fast'"),
            Arguments.of("splice f -> p 1 ^7", "expected a flag (move, nonblock, more, gift, flags=N) or end of line, found '7'"),
            Arguments.of("splice f -> p 1 move ^move", "duplicate flag 'move'"),
            Arguments.of("splice f -> p 1 flags ^1", "expected '=' after 'flags', found '1'"),
            Arguments.of("splice f -> p 1 flags=^0x100000000", "flags value 0x100000000 does not fit in 32 bits"),
            Arguments.of("splice f ^p 1", "expected '->', found 'p'"),
            Arguments.of("splice f -> p^", "expected a length, found end of line"),
            Arguments.of("write p^", "expected a data literal (\"text\", 'c' or 'c'*N), found end of line"),
            Arguments.of("write p ^x", "expected a data literal (\"text\", 'c' or 'c'*N), found 'x'"),
            Arguments.of("write p 'A'*^\"3\"", "expected a repeat count after '*', found string \"3\""),
            Arguments.of("write p 'A'*^99999999999", "a repeat count after '*' must be between 0 and 67108864, found 99999999999"),
            Arguments.of("write p \"a\" +^", "expected a data literal after '+', found end of line"),
            Arguments.of("write p \"a\" ^\"b\"", "expected end of line after the arguments of write, found string \"b\""),
            // operands
            Arguments.of("read ^q9 1", "'q9' is not declared (declared: f, d, p, q, s, m, n)"),
            Arguments.of("read ^m 1", "expected a descriptor, found mem 'm'"),
            Arguments.of("read ^1 1", "expected a descriptor (a file, an open, a pipe end, a socket end or fd:N), found '1'"),
            Arguments.of("close ^p", "pipe 'p' needs an end here: p.r or p.w"),
            Arguments.of("fsync ^q", "pipe 'q' needs an end here: q.r or q.w"),
            Arguments.of("read ^s 1", "socket pair 's' needs an end: s.0 or s.1"),
            Arguments.of("read p.^x 1", "expected 'r' or 'w' after 'p.', found 'x'"),
            Arguments.of("read s.^2 1", "expected '0' or '1' after 's.', found '2'"),
            Arguments.of("read s.^r 1", "expected '0' or '1' after 's.', found 'r'"),
            Arguments.of("read f^.r 1", "'.' selects an end of a pipe or a socket pair, but 'f' is declared with 'file' (write it without an end)"),
            Arguments.of("read fd:^x 1", "expected a descriptor number after 'fd:', found 'x'"),
            Arguments.of("read fd:^4294967296 1", "a descriptor number after 'fd:' must be between 0 and 2147483647, found 4294967296"),
            Arguments.of("read f^@0 1", "read takes no offset; use pread F@OFF LEN"),
            Arguments.of("write f^@0 \"x\"", "write takes no offset; use pwrite F@OFF LIT"),
            Arguments.of("pread f ^1", "pread needs an offset: pread F@OFF LEN, found '1'"),
            Arguments.of("pwrite f ^\"x\"", "pwrite needs an offset: pwrite F@OFF LIT, found string \"x\""),
            Arguments.of("pread f@^x 1", "expected an offset after '@', found 'x'"),
            Arguments.of("tee p^@0 -> q 1", "tee takes no offsets"),
            Arguments.of("tee p -> q^@0 1", "tee takes no offsets"),
            Arguments.of("sendfile f -> p^@0 1", "sendfile takes no output offset"),
            Arguments.of("close f^@0", "close takes no offset"),
            Arguments.of("fadvise f ^willneed", "expected the advice 'dontneed', found 'willneed'"),
            Arguments.of("fadvise f^", "expected the advice 'dontneed', found end of line"),
            Arguments.of("setpipe p^", "expected a pipe size, found end of line"),
            Arguments.of("getpipe p ^1", "expected end of line after the arguments of getpipe, found '1'"),
            // vmsplice
            Arguments.of("vmsplice [] -> p ^5", "an empty iovec list [] has length 0, found 5"),
            Arguments.of("vmsplice [^x] -> p 0", "expected ']' (an empty iovec list is written []), found 'x'"),
            Arguments.of("vmsplice p -> ^f 1", "expected memory (a mem name), found file 'f'"),
            Arguments.of("vmsplice p -> ^[] 0", "expected memory (a mem name), found '['"),
            Arguments.of("vmsplice m -> ^n 1", "expected a descriptor, found mem 'n'"),
            Arguments.of("vmsplice m -> p^@0 1", "vmsplice takes no offset on the pipe"),
            Arguments.of("vmsplice ^zz -> p 1", "'zz' is not declared (declared: f, d, p, q, s, m, n)"),
            // memory
            Arguments.of("store ^m@8190 \"abc\"", "store of 3 bytes at offset 8190 runs past the end of mem 'm' (size 8192)"),
            Arguments.of("load ^n@4097 0", "load of 0 bytes at offset 4097 runs past the end of mem 'n' (size 4096)"),
            Arguments.of("load ^n 4097", "load of 4097 bytes at offset 0 runs past the end of mem 'n' (size 4096)"),
            Arguments.of("store ^f \"x\"", "expected memory (a mem name), found file 'f'"),
            Arguments.of("r0 = ^store m \"x\"", "store has no result to assign to r0"),
            // registers
            Arguments.of("^f = read p 1", "'f' is declared as file at line 2 and cannot be a register"),
            Arguments.of("^EAGAIN = read p 1", "'EAGAIN' is an errno name and cannot be a register"),
            Arguments.of("^len = read p 1", "'len' is reserved in conditions and cannot be a register"),
            Arguments.of("^deadlock = read p 1", "'deadlock' is reserved in conditions and cannot be a register"),
            Arguments.of("read ^r0 1", "'r0' is not declared (declared: f, d, p, q, s, m, n)"),
            // repeat
            Arguments.of("repeat ^0 {", "a repeat count must be between 1 and 100000, found 0"),
            Arguments.of("repeat ^1000000000 {", "a repeat count must be between 1 and 100000, found 1000000000"),
            Arguments.of("repeat ^x {", "expected a repeat count, found 'x'"),
            Arguments.of("repeat 2^", "expected '{' after the repeat count, found end of line"),
            Arguments.of("repeat 2 { ^read p 1", "expected end of line after '{', found 'read'"),
            Arguments.of("r0 = ^repeat 2 {", "repeat has no result to assign to r0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementErrors")
    void shouldRejectMalformedStatement(final String markedStatement, final String message) {
        assertStatementError(markedStatement, message);
    }

    static Stream<Arguments> conditionErrors() {
        return Stream.of(
            Arguments.of("expect ^r9 == 1", "register 'r9' is never assigned by any process"),
            Arguments.of("expect r0 == ^EAGIAN", "'EAGIAN' is not an errno name, and no process assigns a register of that name"),
            Arguments.of("expect ^f == 1", "register 'f' is never assigned by any process"),
            Arguments.of("expect r0^", "expected a comparison operator (==, !=, <, <=, >, >=), found end of line"),
            Arguments.of("expect r0 ^= 1", "expected a comparison operator (==, !=, <, <=, >, >=), found '='"),
            Arguments.of("expect r0 ==^", "expected a register, len(REG), an integer, an errno name or a data literal, found end of line"),
            Arguments.of("expect r0 == ^(1)", "expected a register, len(REG), an integer, an errno name or a data literal, found '('"),
            Arguments.of("expect^", "expected a condition (a comparison, !, '(', deadlock or violation(NAME)), found end of line"),
            Arguments.of("expect ^)", "expected a condition (a comparison, !, '(', deadlock or violation(NAME)), found ')'"),
            Arguments.of("exists r0 == 1 &&^", "expected a condition (a comparison, !, '(', deadlock or violation(NAME)), found end of line"),
            Arguments.of("expect (r0 == 1^", "expected '&&', '||' or ')', found end of line"),
            Arguments.of("expect r0 == 1 ^r1", "expected '&&', '||' or end of line, found 'r1'"),
            Arguments.of("expect r0 == 1 ^== 2", "expected '&&', '||' or end of line, found '=='"),
            Arguments.of("expect r0 == 1 ^)", "expected '&&', '||' or end of line, found ')'"),
            Arguments.of("expect deadlock ^== 1", "expected '&&', '||' or end of line, found '=='"),
            Arguments.of("expect r0 == 1 ^& r0 == 2", "expected '&&', found '&'"),
            Arguments.of("expect r0 != ^-1", "expected a register, len(REG), an integer, an errno name or a data literal, found -1 (integers are never negative: a failed call's result is an errno name such as EINVAL)"),
            Arguments.of("expect r0 == 1 ^| r0 == 2", "expected '||', found '|'"),
            Arguments.of("[^linx] expect r0 == 1", "unknown model 'linx'; expected one of " + KernelModel.ids()),
            Arguments.of("[linux, ^linux] expect r0 == 1", "model 'linux' is listed twice"),
            Arguments.of("[linux ^expect r0 == 1", "expected ',' or ']', found 'expect'"),
            Arguments.of("[^] expect r0 == 1", "expected a model name (" + KernelModel.ids() + "), found ']'"),
            Arguments.of("[linux] ^r0 == 1", "expected 'expect', 'exists' or 'forbid', found 'r0'"),
            Arguments.of("[linux] ^assert r0 == 1", "expected 'expect', 'exists' or 'forbid', found 'assert'"),
            Arguments.of("expect violation ^page-leak", "expected '(' after 'violation', found 'page-leak'"),
            Arguments.of("expect violation(^1)", "expected a violation name, found '1'"),
            Arguments.of("expect violation(page-leak^", "expected ')' after the violation name, found end of line"),
            Arguments.of("expect ^len(r1) == \"B\"", "comparing an integer (len(r1)) with data (\"B\") is always false"),
            Arguments.of("expect ^r1[0] != 66", "comparing data (r1[0]) with an integer (66) is always true"),
            Arguments.of("expect ^r1[0..2] == EAGAIN", "comparing data (r1[0..2]) with an errno (EAGAIN) is always false"),
            Arguments.of("expect ^EAGAIN == 11", "comparing an errno (EAGAIN) with an integer (11) is always false"),
            Arguments.of("expect r0 ^< EAGAIN", "'<' orders integers or data, not errno names"),
            Arguments.of("expect EPIPE ^>= r0", "'>=' orders integers or data, not errno names"),
            Arguments.of("expect len(^r9) == 1", "register 'r9' is never assigned by any process"),
            Arguments.of("expect len(r1 ^== 1", "expected ')' after len(r1, found '=='"),
            Arguments.of("expect r1[5..^2] == \"x\"", "slice end 2 is before its start 5"),
            Arguments.of("expect r1[0 ^== 'c'", "expected '..' or ']', found '=='"),
            Arguments.of("expect r1[0..1 ^== \"c\"", "expected ']', found '=='"),
            Arguments.of("expect r1[^x] == 'c'", "expected an index, found 'x'"),
            Arguments.of("expect r1 == 'A'*^", "expected a repeat count after '*', found end of line"),
            Arguments.of("expect r1 == \"A\" +^", "expected a data literal after '+', found end of line"),
            Arguments.of("expect r1 == \"A^\\z\"", "bad escape '\\z': expected \\n, \\t, \\\", \\\\ or \\xHH"),
            Arguments.of("expect r1 == ^\"A", "unterminated string: expected '\"' before end of line"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditionErrors")
    void shouldRejectMalformedCondition(final String markedCondition, final String message) {
        assertConditionError(markedCondition, message);
    }

    @Test
    void shouldNameTheValidViolationsWhenOneIsUnknown() {
        final LitmusParseException e = assertConditionError("forbid violation(^dirty-pipe)",
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> org.splicelab.memory.Violation.fromId("dirty-pipe")).getMessage());
        assertTrue(e.detail().contains("page-cache-written-through-pipe"), e.detail());
    }

    static Stream<Arguments> fileErrors() {
        return Stream.of(
            Arguments.of("^file f\nlitmus t\n", "expected 'litmus NAME' as the first line, found 'file'"),
            Arguments.of("\n# comment\n^process P0 {\n}\n", "expected 'litmus NAME' as the first line, found 'process'"),
            Arguments.of("litmus^\n", "expected the test's name after 'litmus', found end of line"),
            Arguments.of("litmus ^\"t\"\n", "expected the test's name after 'litmus', found string \"t\""),
            Arguments.of("litmus a ^b\n", "expected end of line after the test's name, found 'b'"),
            Arguments.of("litmus t\n^litmus u\n", "duplicate 'litmus' line: the test is already named at line 1"),
            Arguments.of("litmus t\n^pip p\n", "expected a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process', found 'pip'"),
            Arguments.of("litmus t\n^42\n", "expected a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process', found '42'"),
            Arguments.of("litmus t\npipe p\n^", "expected at least one 'process' block, found end of file"),
            Arguments.of("litmus t\npipe p\n^expect r0 == 1\n", "expected at least one 'process' block before the conditions, found 'expect'"),
            Arguments.of("litmus t\npipe p\n^[linux] expect r0 == 1\n", "expected at least one 'process' block before the conditions, found '['"),
            Arguments.of("litmus t\nprocess P0 {\n}\n^pipe p\n", "declarations must come before the first process (line 2), found 'pipe'"),
            Arguments.of("litmus t\nprocess P0 {\n}\n^model copy\n", "declarations must come before the first process (line 2), found 'model'"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1\n}\nexpect r0 == 1\n^process P1 {\n}\n",
                "processes must come before the conditions (first condition at line 6)"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1\n}\nexpect r0 == 1\n^close p.r\n",
                "expected a condition (expect, exists, forbid), found 'close'"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n}\n^close p.r\n", "expected 'process' or a condition (expect, exists, forbid), found 'close'"),
            Arguments.of("litmus t\nprocess P0 {\n}\n^process P0 {\n}\n".replace("^process P0", "process ^P0"),
                "duplicate process 'P0': already defined at line 2"),
            Arguments.of("litmus t\nprocess P0^\n}\n", "expected '{' or 'shares PROCESS' after the process name, found end of line"),
            Arguments.of("litmus t\nprocess P0 {\n}\nprocess P1 shares ^P9 {\n}\n",
                "'shares P9': expected the name of a process declared before this one"),
            Arguments.of("litmus t\nprocess P0 {\n}\nprocess P1 shares ^{\n}\n",
                "expected the name of an earlier process after 'shares', found '{'"),
            Arguments.of("litmus t\nprocess P0 {\n}\nprocess P1 shares P0 ^x {\n}\n",
                "expected '{' after 'shares P0', found 'x'"),
            Arguments.of("litmus t\nprocess ^{\n}\n", "expected a process name after 'process', found '{'"),
            Arguments.of("litmus t\nprocess P0 { ^}\n", "expected end of line after '{', found '}'"),
            Arguments.of("litmus t\nprocess P0 {\n} ^x\n", "expected end of line after '}', found 'x'"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1\n^expect r0 == 1\n",
                "expected a statement or '}' to close process P0 (opened at line 3), found 'expect'"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1 }\n}\n".replace("1 }", "1 ^}"),
                "expected end of line after the arguments of read, found '}'"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  repeat 2 {\n    close p.r\n}\n^", "expected '}' to close process P0 (opened at line 3), found end of file"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  repeat 2 {\n    close p.r\n^", "expected '}' to close the repeat block (opened at line 4), found end of file"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1\n}\nprocess P1 {\n  ^r0 = read p 1\n}\n",
                "register 'r0' is already assigned by process P0 (line 4); each register belongs to one process"),
            Arguments.of("litmus t\npipe p\nmem m size=4096\nprocess P0 {\n  store m \"x\"\n}\nprocess P1 {\n  vmsplice ^m -> p 1\n}\n",
                "mem 'm' is already used by process P0 (line 5); a mem region belongs to one process and the processes"
                    + " declared to share its memory ('process P1 shares P0')"),
            Arguments.of("litmus t\npipe p\nprocess P0 {\n  r0 = read p 1\n  close ^r0\n}\n", "'r0' is a register, not a declared object"),
            Arguments.of("litmus t\n^}\n", "expected a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process', found '}'"),
            Arguments.of("litmus t\npipe p\n^read p 1\n", "expected a declaration (model, fs, file, open, pipe, socketpair, device, relay, mem) or 'process', found 'read'"),
            Arguments.of("litmus t\n^\u0000\n", "unexpected character U+0000"),
            Arguments.of("litmus t\nfile ^é\n", "unexpected character 'é'"),
            // declarations
            Arguments.of("litmus t\nfile p size=1\npipe ^p\n", "duplicate name 'p': already declared as file at line 2"),
            Arguments.of("litmus t\nmodel copy\n^model linux\n", "duplicate 'model' line: the model is already set at line 2"),
            Arguments.of("litmus t\nmodel ^linx\n", "unknown model 'linx'; expected one of " + KernelModel.ids()),
            Arguments.of("litmus t\nmodel linux ^copy\n", "expected end of line after the model name, found 'copy'"),
            Arguments.of("litmus t\nfile^\n", "expected a name after 'file', found end of line"),
            Arguments.of("litmus t\nfile g size=10 ^bogus\n",
                "expected a file option (size=N, fill=C, data=LIT, mode=rw|ro|wo, append, odirect, nonblock, fs=tmpfs|ext4, dax), found 'bogus'"),
            Arguments.of("litmus t\nfile g size=10 ^4\n",
                "expected a file option (size=N, fill=C, data=LIT, mode=rw|ro|wo, append, odirect, nonblock, fs=tmpfs|ext4, dax), found '4'"),
            Arguments.of("litmus t\nfile g size=1 ^size=2\n", "duplicate option 'size'"),
            Arguments.of("litmus t\nfile g append ^append\n", "duplicate option 'append'"),
            Arguments.of("litmus t\nfile g size ^10\n", "expected '=' after 'size', found '10'"),
            Arguments.of("litmus t\nfile g size=^x\n", "expected a file size, found 'x'"),
            Arguments.of("litmus t\nfile g size=^99999999999\n", "a file size must be between 0 and 67108864, found 99999999999"),
            Arguments.of("litmus t\nfile g size=4 fill=A ^data=\"x\"\n", "'fill' and 'data' cannot be combined"),
            Arguments.of("litmus t\nfile g ^size=2 data=\"abc\"\n", "size=2 is smaller than the data (3 bytes)"),
            Arguments.of("litmus t\nfile g ^fill=A\n", "fill=C needs size=N (the file is otherwise empty)"),
            Arguments.of("litmus t\nfile g size=4 fill=^AB\n", "expected a fill character (A, 'c' or a byte value 0..255), found 'AB'"),
            Arguments.of("litmus t\nfile g size=4 fill=^256\n", "a fill byte must be between 0 and 255, found 256"),
            Arguments.of("litmus t\nfile g size=4 fill='A'^*3\n",
                "expected a file option (size=N, fill=C, data=LIT, mode=rw|ro|wo, append, odirect, nonblock, fs=tmpfs|ext4, dax), found '*'"),
            Arguments.of("litmus t\nfile g mode=^rx\n", "expected a mode (rw, ro, wo), found 'rx'"),
            Arguments.of("litmus t\nfile g data=^x\n", "expected a data literal (\"text\", 'c' or 'c'*N), found 'x'"),
            Arguments.of("litmus t\nfile g\nopen d = g ^size=3\n", "expected an open option (mode=rw|ro|wo, append, odirect, nonblock), found 'size'"),
            Arguments.of("litmus t\nfile g\nopen d ^g\n", "expected '=' after 'open d', found 'g'"),
            Arguments.of("litmus t\npipe p\nopen d = ^p\n", "expected a file (declared with 'file'), found pipe 'p'"),
            Arguments.of("litmus t\nfile g\nopen d = g\nopen d2 = ^d\n", "expected a file (declared with 'file'), found open 'd'"),
            Arguments.of("litmus t\nopen d = ^g\n", "'g' is not declared (there are no declarations)"),
            Arguments.of("litmus t\npipe p size=4096 ^bogus\n", "expected a pipe option (size=N, nonblock, notification, notes=N), found 'bogus'"),
            Arguments.of("litmus t\npipe p nonblock ^nonblock\n", "duplicate option 'nonblock'"),
            Arguments.of("litmus t\npipe p size=^\"4\"\n", "expected a pipe size, found string \"4\""),
            Arguments.of("litmus t\nsocketpair s ^sctp\n", "expected 'unix', 'tcp', 'udp', 'nonblock' or end of line, found 'sctp'"),
            Arguments.of("litmus t\nsocketpair s unix ^tcp\n", "expected 'nonblock' or end of line after the socket kind, found 'tcp'"),
            Arguments.of("litmus t\nsocketpair s udp nonblock ^nonblock\n", "expected end of line after 'nonblock', found 'nonblock'"),
            Arguments.of("litmus t\ndevice d^\n", "expected a device (null, zero, full) after 'device d', found end of line"),
            Arguments.of("litmus t\ndevice d ^random\n", "expected a device (null, zero, full), found 'random'"),
            Arguments.of("litmus t\ndevice d zero ^append\n", "expected a device option (mode=rw|ro|wo, nonblock), found 'append'"),
            Arguments.of("litmus t\ndevice d zero ^size=4\n", "expected a device option (mode=rw|ro|wo, nonblock), found 'size'"),
            Arguments.of("litmus t\ndevice d zero\nprocess P0 {\n  r0 = read d^.0 1\n}\n", "'.' selects an end of a pipe or a socket pair, but 'd' is declared with 'device' (write it without an end)"),
            Arguments.of("litmus t\nmem m^\n", "mem 'm' needs size=N, found end of line"),
            Arguments.of("litmus t\nmem m fill=A ^# no size\n", "mem 'm' needs size=N, found end of line"),
            Arguments.of("litmus t\nmem m size=^0\n", "a mem size must be between 1 and 67108864, found 0"),
            Arguments.of("litmus t\nmem m size=8 ^mode=rw\n", "expected a mem option (size=N, fill=C), found 'mode'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fileErrors")
    void shouldRejectMalformedFile(final String markedSource, final String message) {
        assertErrorAt(markedSource, message);
    }
}
