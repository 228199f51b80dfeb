/*
 * pipe -> pipe splice (SEMANTICS.md §2.3) and LTP splice04.
 */
#include "check.h"

static unsigned char want[1 << 20];

static void partial(void) {
    int p[2], q[2];
    test("splice-pipe-to-pipe-partial");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("write p \"hello world\"", R(write(p[1], "hello world", 11)), 11);
    check("splice p -> q 5", R(splice(p[0], NULL, q[1], NULL, 5, 0)), 5);
    check("fionread p", fionread(p[0]), 6);
    check("fionread q", fionread(q[0]), 5);
    check_read("read q 100", q[0], 100, "hello", 5);
    check_read("read p 100", p[0], 100, " world", 6);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void waits(void) {
    int p[2], q[2], r[2];
    test("splice-pipe-to-pipe-eof-eagain-epipe");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    mkpipe(r, 0, 1);
    check("splice p -> q 10 nonblock (p empty)", R(splice(p[0], NULL, q[1], NULL, 10, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("splice nb -> q 10 (nb empty, nb O_NONBLOCK)", R(splice(r[0], NULL, q[1], NULL, 10, 0)), -EAGAIN);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    close(p[1]);
    check("splice p -> q 10 (3 queued, writer closed)", R(splice(p[0], NULL, q[1], NULL, 10, 0)), 3);
    check("splice p -> q 10 (empty, no writers)", R(splice(p[0], NULL, q[1], NULL, 10, 0)), 0);
    check("write nb \"xyz\"", R(write(r[1], "xyz", 3)), 3);
    close(q[0]);
    check("splice nb -> q 10 (q has no readers)", R(splice(r[0], NULL, q[1], NULL, 10, 0)), -EPIPE);
    check("fionread nb (nothing consumed)", fionread(r[0]), 3);
    close(p[0]);
    close(q[1]);
    close(r[0]);
    close(r[1]);
}

static void flags_kept_or_cleared(void) {
    int p[2], q[2];
    /* a whole buffer moved keeps CAN_MERGE: a later write to q merges into it */
    test("splice-pipe-to-pipe-move-keeps-can-merge");
    mkpipe(p, 0, 0);
    mkpipe(q, 4096, 1);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("splice p -> q 3 (whole buffer moved)", R(splice(p[0], NULL, q[1], NULL, 3, 0)), 3);
    check("write q \"def\" (merges, 1-slot q)", R(write(q[1], "def", 3)), 3);
    check_read("read q 100", q[0], 100, "abcdef", 6);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }

    /* a partial copy has CAN_MERGE cleared: a later write to q needs a new slot */
    test("splice-pipe-to-pipe-partial-clears-can-merge");
    mkpipe(p, 0, 0);
    mkpipe(q, 4096, 1);
    check("write p \"abcdef\"", R(write(p[1], "abcdef", 6)), 6);
    check("splice p -> q 3 (part of a buffer)", R(splice(p[0], NULL, q[1], NULL, 3, 0)), 3);
    check("write q \"xyz\" (no merge, no free slot)", R(write(q[1], "xyz", 3)), -EAGAIN);
    check_read("read q 100", q[0], 100, "abc", 3);
    check_read("read p 100", p[0], 100, "def", 3);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void ltp_splice04(void) {
    int p[2], q[2];
    test("ltp-splice04-pipe-to-pipe");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    /* 16 pages, page k filled with 'A'+k */
    for (int k = 0; k < 16; k++) memset(want + 4096 * k, 'A' + k, 4096);
    check("write p (65536 bytes)", R(write(p[1], want, 65536)), 65536);
    check("splice p -> q 65536", R(splice(p[0], NULL, q[1], NULL, 65536, 0)), 65536);
    check("fionread p", fionread(p[0]), 0);
    check_read("read q 65536", q[0], 65536, want, 65536);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }

    /* the LTP pattern (i & 0xff) */
    test("ltp-splice04-pipe-to-pipe-pattern");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    for (int i = 0; i < 65536; i++) want[i] = i & 0xff;
    check("write p (65536 bytes i&0xff)", R(write(p[1], want, 65536)), 65536);
    check("splice p -> q 65536", R(splice(p[0], NULL, q[1], NULL, 65536, 0)), 65536);
    check_read("read q 65536", q[0], 65536, want, 65536);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void page_cache_moves(void) {
    int p[2], q[2];
    /* a page-cache buffer moved to another pipe is still the page-cache page */
    test("splice-pipe-to-pipe-moved-page-cache-buffer-visible");
    int f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("splice f -> p 4096", R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    check("splice p -> q 4096 (moved)", R(splice(p[0], NULL, q[1], NULL, 4096, 0)), 4096);
    check("pwrite f@0 \"BB\"", R(pwrite(f, "BB", 2, 0)), 2);
    size_t n = runs(want, (size_t)2, 'B', (size_t)4094, 'A', (size_t)0);
    check_read("read q 4096", q[0], 4096, want, n);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
    close(f);
}

int main(void) {
    setup_common();
    partial();
    waits();
    flags_kept_or_cleared();
    ltp_splice04();
    page_cache_moves();
    return finish();
}
