package org.splicelab.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.splicelab.actors.Kernel;
import org.splicelab.actors.Simulator;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.protocols.KernelModel;

/**
 * Out of page frames (issue 12): one rule on every path that allocates a page. A call that runs out
 * part-way returns what it moved (a short count); one that moved nothing fails (ENOMEM; ENOBUFS on
 * AF_UNIX, whose skb allocation says so); a position moves only by the bytes accepted; nothing is lost
 * and nothing leaks; a TCP writer waits for memory instead. Memory exhaustion cannot be provoked on
 * the live kernel here, so each expectation is modelled from the source it names. Each test runs in an
 * arena of a few frames: a file's cached pages, a pipe's or socket's copied pages and a process's
 * mapped memory all take one frame a page; clean cached pages that nothing references are reclaimed
 * for a new allocation (mm/vmscan.c), pages a pipe references are not.
 */
class OutOfFramesTest {
    private static final String SP = "\n";

    static Stream<Arguments> cases() {
        return Stream.of(
            // fs/pipe.c pipe_write: alloc_page fails -> "ret = ret ? : -ENOMEM; break;" (no wait for room)
            row("pipe-write-short", 1, List.of(KernelModel.LINUX, KernelModel.COPY),
                "pipe p", "process P0 {", " r0 = write p.w 'x'*12288", " r1 = read p 20000", "}",
                "expect r0 == 4096 && r1 == 'x'*4096"),
            row("pipe-write-enomem", 2, List.of(KernelModel.LINUX, KernelModel.COPY),
                "pipe q", "pipe p", "process P0 {", " r8 = write q.w 'z'*8192", " r0 = write p.w 'x'*10",
                " r1 = fionread p", "}", "expect r8 == 8192 && r0 == ENOMEM && r1 == 0"),
            // net/core/skbuff.c alloc_skb_with_frags: ENOBUFS; net/unix/af_unix.c unix_stream_sendmsg
            // returns "sent ? : err"
            row("unix-write-short", 1, List.of(KernelModel.LINUX, KernelModel.COPY),
                "socketpair s", "process P0 {", " r0 = write s.0 'x'*12288", " r1 = read s.1 20000", "}",
                "expect r0 == 4096 && r1 == 'x'*4096"),
            row("unix-write-enobufs", 2, List.of(KernelModel.LINUX),
                "pipe q", "socketpair s", "process P0 {", " r8 = write q.w 'z'*8192", " r0 = write s.0 'x'*10",
                "}", "expect r8 == 8192 && r0 == ENOBUFS"),
            // net/ipv4/tcp.c tcp_sendmsg_locked: no page -> wait_for_space -> sk_stream_wait_memory
            row("tcp-write-waits-for-memory", 2, List.of(KernelModel.LINUX),
                "pipe q", "socketpair s tcp", "process P0 {", " r8 = write q.w 'z'*8192", " r0 = write s.0 'x'*10",
                "}", "expect deadlock"),
            // mm/filemap.c generic_perform_write: "written ? written : status"; ki_pos += written
            row("file-write-short", 1, List.of(KernelModel.LINUX, KernelModel.COPY),
                "file f size=0", "process P0 {", " r0 = write f 'x'*12288", " r1 = size f", " r2 = pread f@0 20000",
                "}", "expect r0 == 4096 && r1 == 4096 && r2 == 'x'*4096"),
            // mm/filemap.c filemap_read copies page by page (already_read): a file larger than the free
            // memory is read whole, each page reclaimed once copied
            row("read-reclaims-as-it-goes", 3, List.of(KernelModel.LINUX, KernelModel.COPY),
                cold(null), " r0 = read f 12288", " r1 = read f 12288", "}",
                "expect r0 == 'A'*12288 && r1 == \"\""),
            // filemap_read: "return already_read ? already_read : error"; the position does not move
            row("read-enomem-keeps-position", 3, List.of(KernelModel.LINUX, KernelModel.COPY),
                "file f size=12288 fill=A", "pipe q", "process P0 {", " r9 = fadvise f dontneed",
                " r8 = write q.w 'z'*12288", " r0 = read f 10", " r7 = read q 20000", " r1 = read f 4096", "}",
                "expect r8 == 12288 && r0 == ENOMEM && r1 == 'A'*4096"),
            // filemap_splice_read: "return total_spliced ? total_spliced : error"; *ppos += spliced. The
            // pipe's references keep its pages from being reclaimed.
            row("splice-read-short-moves-position-by-what-it-took", 3, List.of(KernelModel.LINUX),
                cold("pipe p"), " r0 = splice f -> p 12288", " r1 = read p 20000", " r2 = read f 20000",
                "}", "expect r0 == 4096 && r1 == 'A'*4096 && r2 == 'A'*8192"),
            // fs/splice.c copy_splice_read allocates the pipe's pages first (none: ENOMEM), then reads
            // into them: with every free frame taken for the copies, the page cache has none (ENOMEM)
            // and the position stays where it was
            row("copy-splice-enomem-keeps-position", 5, List.of(KernelModel.COPY),
                cold("pipe p"), " r0 = splice f -> p 12288", " r7 = read q 20000", " r2 = read f 20000", "}",
                "expect r0 == ENOMEM && r2 == 'A'*12288"),
            row("copy-splice-short", 6, List.of(KernelModel.COPY),
                cold("pipe p"), " r0 = splice f -> p 12288", " r1 = read p 20000", " r2 = read f 20000",
                "}", "expect r0 == 4096 && r1 == 'A'*4096 && r2 == 'A'*8192"),
            // a socket's bytes are not taken when copy_splice_read found no page for them
            row("copy-splice-from-socket-loses-nothing", 1, List.of(KernelModel.COPY),
                "socketpair s", "pipe p", "process P0 {", " r8 = write s.0 'z'*4096", " r0 = splice s.1 -> p 8192",
                " r1 = read s.1 20000", "}", "expect r8 == 4096 && r0 == ENOMEM && r1 == 'z'*4096"),
            // sendfile to AF_UNIX: the pages go by reference; the refill of the next page finds no frame
            row("sendfile-short-moves-position-by-what-it-took", 3, List.of(KernelModel.LINUX, KernelModel.COPY),
                cold("socketpair s"), " r0 = sendfile f -> s.0 12288", " r1 = read s.1 20000",
                " r2 = read f 20000", "}", "expect r0 == 4096 && r1 == 'A'*4096 && r2 == 'A'*8192"));
    }

    /**
     * The start of a test whose file f (3 pages) is dropped from the cache and whose pipe q then takes 2
     * frames: in an arena of N frames, N - 2 are free for what follows. {@code declaration} (or null)
     * declares one more object.
     */
    private static String cold(final String declaration) {
        return String.join(SP, "file f size=12288 fill=A", "pipe q") + (declaration == null ? "" : SP + declaration)
            + SP + String.join(SP, "process P0 {", " r9 = fadvise f dontneed", " r8 = write q.w 'z'*8192");
    }

    private static Arguments row(final String name, final int frames, final List<KernelModel> models,
                                 final String... lines) {
        final String text = "litmus " + name + SP + String.join(SP, lines) + SP;
        return Arguments.of(name, frames, models, text);
    }

    @ParameterizedTest(name = "{0} ({1} frames)")
    @MethodSource("cases")
    void shouldEndShortOrFailAndMoveThePositionOnlyByWhatWasAccepted(final String name, final int frames,
                                                                      final List<KernelModel> models, final String text) {
        for (final KernelModel model : models) {
            final LitmusRunner.Outcome o = run(text, model, frames);
            assertTrue(o.ok(), () -> model.id() + ":\n" + LitmusSuite.describe(o));
        }
    }

    @Test
    void shouldFailAtOnceNamingTheFileWhenTheWorldDoesNotFitTheArena() {
        final String text = String.join(SP, "litmus too-big", "file f size=40960 fill=A", "process P0 {",
            " r0 = size f", "}", "expect r0 == 40960", "");
        final long start = System.nanoTime();
        final LitmusRunner.Outcome o = run(text, KernelModel.LINUX, 3);
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "answered within 5 s");
        assertEquals(List.of("execution failed: file f: out of page frames caching its 10 pages: 3 fitted in an arena "
            + "of 3 frames"), o.problems());
    }

    private static LitmusRunner.Outcome run(final String text, final KernelModel model, final int frames) {
        final LitmusTest test = LitmusParser.parse("out-of-frames.litmus", text);
        try (Simulator simulator = new Simulator()) {
            return new LitmusRunner(simulator).run(test, LitmusCompiler.compile(test, "out-of-frames.litmus", text),
                model, new LitmusRunner.Options(1, Duration.ofSeconds(10), frames, Kernel.Options.DEFAULT));
        }
    }
}
