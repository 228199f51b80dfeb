package org.splicelab.litmus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.splicelab.litmus.LitmusSources.parse;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.splicelab.litmus.FdRef.End;
import org.splicelab.protocols.KernelModel;

/** Whole files: the LITMUS.md example, declarations, layout (comments, blank lines, line endings). */
class LitmusParserTest {
    /** The example of LITMUS.md, verbatim. */
    static final String EXAMPLE = """
        litmus file-splice-then-overwrite
        # A page-cache page sits in a pipe; the file is rewritten before the reader reads.
        file f size=4096 fill=A
        pipe p
        process P0 {
          r0 = splice f@0 -> p 4096
          pwrite f@0 'B'*4096
          r1 = read p 1
        }
        expect r0 == 4096
        [linux] expect r1 == "B"
        [private-pages, copy] expect r1 == "A"
        """;

    @Test
    void shouldParseTheLitmusMdExampleToTheExpectedAst() {
        final LitmusTest expected = new LitmusTest(
            "file-splice-then-overwrite",
            KernelModel.LINUX,
            List.of(
                new Declaration.File("f", 4096, (byte) 'A', Bytes.EMPTY, OpenFlags.DEFAULT, 3),
                new Declaration.Pipe("p", OptionalLong.empty(), false, 4)),
            List.of(new ProcessBlock("P0", List.of(
                new Statement.Call(Optional.of("r0"), new Op.Splice(FdRef.of("f"), OptionalLong.of(0),
                    FdRef.of("p", End.WRITE), OptionalLong.empty(), 4096, 0), 6),
                new Statement.Call(Optional.empty(), new Op.Pwrite(FdRef.of("f"), 0,
                    Bytes.repeat((byte) 'B', 4096)), 7),
                new Statement.Call(Optional.of("r1"), new Op.Read(FdRef.of("p", End.READ), 1), 8)), 5)),
            List.of(
                new Condition(Condition.Kind.EXPECT, List.of(), new Expr.Compare(new Term.Register("r0"), CompareOp.EQ,
                    new Term.Literal(Value.of(4096))), "expect r0 == 4096", 10),
                new Condition(Condition.Kind.EXPECT, List.of(KernelModel.LINUX), new Expr.Compare(
                    new Term.Register("r1"), CompareOp.EQ, new Term.Literal(Value.of("B"))), "expect r1 == \"B\"", 11),
                new Condition(Condition.Kind.EXPECT, List.of(KernelModel.PRIVATE_PAGES, KernelModel.COPY),
                    new Expr.Compare(new Term.Register("r1"), CompareOp.EQ, new Term.Literal(Value.of("A"))),
                    "expect r1 == \"A\"", 12)));
        assertEquals(expected, parse(EXAMPLE));
    }

    @Test
    void shouldGiveTheExampleFileItsContentsAndRegisters() {
        final LitmusTest t = parse(EXAMPLE);
        final Declaration.File f = (Declaration.File) t.declaration("f").orElseThrow();
        assertEquals(Bytes.repeat((byte) 'A', 4096), f.initialContent());
        assertEquals(List.of("r0", "r1"), t.registers());
        assertTrue(t.process("P0").isPresent());
        assertTrue(t.declaration("nope").isEmpty());
    }

    @Test
    void shouldParseEveryDeclarationWithAllItsOptions() {
        final LitmusTest t = parse("""
            litmus decls
            model dirty-pipe
            file f size=16 fill='x' mode=wo append odirect nonblock
            file g data="hi" + 'z'*3 mode=ro
            file h size=8 data="ab"
            file e
            file z size=4 fill=0x00
            open d = f mode=rw nonblock
            open d2 = g
            pipe p size=65536 nonblock
            pipe p2
            socketpair s
            socketpair u unix
            socketpair t tcp
            mem m size=4096 fill=B
            mem n size=0x2000
            process P0 {
            }
            """);
        assertEquals(KernelModel.DIRTY_PIPE, t.defaultModel());
        assertEquals(List.of(
            new Declaration.File("f", 16, (byte) 'x', Bytes.EMPTY, new OpenFlags(OpenFlags.Mode.WO, true, true, true), 3),
            new Declaration.File("g", 5, (byte) 0, Bytes.of("hizzz"), new OpenFlags(OpenFlags.Mode.RO, false, false, false), 4),
            new Declaration.File("h", 8, (byte) 0, Bytes.of("ab"), OpenFlags.DEFAULT, 5),
            new Declaration.File("e", 0, (byte) 0, Bytes.EMPTY, OpenFlags.DEFAULT, 6),
            new Declaration.File("z", 4, (byte) 0, Bytes.EMPTY, OpenFlags.DEFAULT, 7),
            new Declaration.Open("d", "f", new OpenFlags(OpenFlags.Mode.RW, false, false, true), 8),
            new Declaration.Open("d2", "g", OpenFlags.DEFAULT, 9),
            new Declaration.Pipe("p", OptionalLong.of(65536), true, 10),
            new Declaration.Pipe("p2", OptionalLong.empty(), false, 11),
            new Declaration.SocketPair("s", Declaration.SocketPair.Kind.UNIX, 12),
            new Declaration.SocketPair("u", Declaration.SocketPair.Kind.UNIX, 13),
            new Declaration.SocketPair("t", Declaration.SocketPair.Kind.TCP, 14),
            new Declaration.Mem("m", 4096, (byte) 'B', 15),
            new Declaration.Mem("n", 8192, (byte) 0, 16, false)), t.declarations());
        assertEquals(Bytes.of("ab\0\0\0\0\0\0"),
            ((Declaration.File) t.declaration("h").orElseThrow()).initialContent());
        assertEquals(List.of(), t.processes().get(0).body());
        assertEquals(List.of(), t.conditions());
    }

    @Test
    void shouldAcceptCommentsAndBlankLinesAnywhere() {
        final LitmusTest t = parse("""

            # leading comment

            litmus commented   # the name
            file f size=8 fill=A  # a file
            # between declarations
            pipe p # a pipe

            process P0 {   # opens
              # inside
              r0 = write p "a#b"   # the hash in the string is data

              repeat 2 {  # loop
                r1 = read p 1 # one byte
              } # closes the loop
            } # closes the process
            # before conditions
            expect r0 == 3   # three bytes

            exists r1 == "a" || r1 == "#"  # either
            """);
        assertEquals("commented", t.name());
        assertEquals(new Op.Write(FdRef.of("p", End.WRITE), Bytes.of("a#b")),
            ((Statement.Call) t.processes().get(0).body().get(0)).op());
        assertEquals(2, t.processes().get(0).body().size());
        assertEquals("expect r0 == 3", t.conditions().get(0).text());
        assertEquals("exists r1 == \"a\" || r1 == \"#\"", t.conditions().get(1).text());
        assertEquals(18, t.conditions().get(0).line());
    }

    @Test
    void shouldAcceptWindowsLineEndingsAndNoFinalNewline() {
        final LitmusTest t = parse("litmus crlf\r\npipe p\r\nprocess P0 {\r\n  r0 = fionread p\r\n}\r\nexpect r0 == 0");
        assertEquals(new Op.Fionread(FdRef.of("p", End.READ)), ((Statement.Call) t.processes().get(0).body().get(0)).op());
        assertEquals("expect r0 == 0", t.conditions().get(0).text());
    }

    @Test
    void shouldListRegistersInFirstAssignmentOrderAcrossProcesses() {
        final LitmusTest t = parse("""
            litmus order
            pipe p
            process A {
              r2 = write p "x"
              repeat 2 {
                r0 = read p 1
                r2 = write p "y"
              }
            }
            process B {
              r1 = getpipe p
              r3 = fionread p
            }
            """);
        assertEquals(List.of("r2", "r0", "r1", "r3"), t.registers());
        assertEquals(List.of("A", "B"), t.processes().stream().map(ProcessBlock::name).toList());
        assertEquals(10, t.processes().get(1).line());
    }

    @Test
    void shouldNameTheProcessThatOwnsEachMemRegion() {
        final LitmusTest t = parse("""
            litmus owner
            pipe p
            mem a size=4096
            mem b size=4096
            mem c size=4096
            process P0 {
              vmsplice a -> p 4096
            }
            process P1 {
              repeat 2 {
                store b@0 "x"
              }
            }
            """);
        assertEquals(Optional.of("P0"), t.memoryOwner("a"));
        assertEquals(Optional.of("P1"), t.memoryOwner("b"));
        assertEquals(Optional.empty(), t.memoryOwner("c"));
    }

    @Test
    void shouldLetTwoProcessesShareDescriptorsButKeepTheirOwnRegisters() {
        final LitmusTest t = parse("""
            litmus two
            pipe p size=4096
            process writer {
              r0 = write p 'A'*4096
              r1 = write p "B"
            }
            process reader {
              r2 = read p 4097
            }
            exists r2 == 'A'*4096 + "B"
            forbid deadlock
            """);
        assertEquals(2, t.processes().size());
        assertEquals(new Op.Read(FdRef.of("p", End.READ), 4097),
            ((Statement.Call) t.processes().get(1).body().get(0)).op());
        assertEquals(new Expr.Compare(new Term.Register("r2"), CompareOp.EQ,
            new Term.Literal(Value.of(Bytes.repeat((byte) 'A', 4096).concat(Bytes.of("B"))))), t.conditions().get(0).expr());
        assertEquals(Condition.Kind.FORBID, t.conditions().get(1).kind());
    }

    @Test
    void shouldDefaultToLinuxAndHonourTheModelLine() {
        assertEquals(KernelModel.LINUX, parse(EXAMPLE).defaultModel());
        for (final KernelModel m : KernelModel.values()) {
            final String src = "litmus m\nmodel " + m.id() + "\npipe p\nprocess P0 {\n  close p.r\n}\n";
            assertEquals(m, parse(src).defaultModel());
        }
    }

    @Test
    void shouldApplyAConditionOnlyToItsModels() {
        final List<Condition> c = parse(EXAMPLE).conditions();
        for (final KernelModel m : KernelModel.values()) {
            assertTrue(c.get(0).appliesTo(m));
        }
        assertTrue(c.get(1).appliesTo(KernelModel.LINUX));
        assertFalse(c.get(1).appliesTo(KernelModel.COPY));
        assertTrue(c.get(2).appliesTo(KernelModel.COPY));
        assertFalse(c.get(2).appliesTo(KernelModel.LINUX));
    }

    @Test
    void shouldHandOutImmutableLists() {
        final LitmusTest t = parse(EXAMPLE);
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
            () -> t.declarations().clear());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
            () -> t.processes().get(0).body().clear());
    }
    @Test
    void shouldPutEveryFileOnTheTestsFilesystemUnlessItNamesItsOwn() {
        final LitmusTest t = parse("litmus t\nfile a size=1\nfs ext4\nfile b size=1 fs=tmpfs\nprocess P0 {\n  size a\n}\n");
        assertEquals(org.splicelab.protocols.Filesystem.EXT4, ((Declaration.File) t.declaration("a").orElseThrow()).fs());
        assertEquals(org.splicelab.protocols.Filesystem.TMPFS, ((Declaration.File) t.declaration("b").orElseThrow()).fs());
        assertEquals(null, ((Declaration.File) parse("litmus t\nfile a size=1\nprocess P0 {\n  size a\n}\n")
            .declaration("a").orElseThrow()).fs(), "no filesystem named: none");
        final LitmusParseException bad = org.junit.jupiter.api.Assertions.assertThrows(LitmusParseException.class,
            () -> parse("litmus t\nfs xfs\nprocess P0 {\n  fionread fd:3\n}\n"));
        assertEquals("t.litmus:2:4: expected a filesystem (tmpfs, ext4), found 'xfs'", bad.getMessage());
        final LitmusParseException twice = org.junit.jupiter.api.Assertions.assertThrows(LitmusParseException.class,
            () -> parse("litmus t\nfs ext4\nfs tmpfs\nprocess P0 {\n  fionread fd:3\n}\n"));
        assertTrue(twice.getMessage().contains("duplicate 'fs' line"), twice.getMessage());
    }
}
