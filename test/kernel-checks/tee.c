/*
 * tee (SEMANTICS.md §2.0, §2.4), LTP tee01 and tee02.
 */
#include "check.h"

static unsigned char want[1 << 20];

static void close4(int p[2], int q[2]) {
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void empty(void) {
    int p[2], q[2], r[2];
    test("tee-empty-no-writers-eof");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    close(p[1]);
    check("tee p -> q 100 (empty, no writers)", R(tee(p[0], q[1], 100, 0)), 0);
    check("tee p -> q 100 nonblock (empty, no writers)", R(tee(p[0], q[1], 100, SPLICE_F_NONBLOCK)), 0);
    check("fionread q", fionread(q[0]), 0);
    close(p[0]);
    close(q[0]);
    close(q[1]);

    test("tee-empty-nonblock-eagain");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    mkpipe(r, 0, 1);
    check("tee p -> q 100 nonblock (empty, writer open)", R(tee(p[0], q[1], 100, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("tee nb -> q 100 (empty, nb O_NONBLOCK)", R(tee(r[0], q[1], 100, 0)), -EAGAIN);
    close4(p, q);
    close(r[0]);
    close(r[1]);
}

static void no_consume(void) {
    int p[2], q[2];
    test("tee-does-not-consume");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("write p \"hello world\"", R(write(p[1], "hello world", 11)), 11);
    check("tee p -> q 5", R(tee(p[0], q[1], 5, 0)), 5);
    check("fionread p", fionread(p[0]), 11);
    check("tee p -> q 100", R(tee(p[0], q[1], 100, 0)), 11);
    check("fionread p", fionread(p[0]), 11);
    check("fionread q", fionread(q[0]), 16);
    check_read("read q 100", q[0], 100, "hellohello world", 16);
    check_read("read p 100", p[0], 100, "hello world", 11);
    close4(p, q);
}

static void clears_can_merge(void) {
    int p[2], q[2];
    test("tee-clears-can-merge");
    mkpipe(p, 0, 0);
    mkpipe(q, 4096, 1);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("tee p -> q 3", R(tee(p[0], q[1], 3, 0)), 3);
    check("write q \"def\" (copy has no CAN_MERGE; 1-slot q full)", R(write(q[1], "def", 3)), -EAGAIN);
    check("write p \"def\" (the original still merges)", R(write(p[1], "def", 3)), 3);
    check_read("read q 100", q[0], 100, "abc", 3);
    check_read("read p 100", p[0], 100, "abcdef", 6);
    close4(p, q);
}

static void shares_pages(void) {
    int p[2], q[2];
    test("tee-shares-page-cache-page");
    int f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("splice f -> p 4096", R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    check("tee p -> q 4096", R(tee(p[0], q[1], 4096, 0)), 4096);
    check("pwrite f@0 \"BB\"", R(pwrite(f, "BB", 2, 0)), 2);
    size_t n = runs(want, (size_t)2, 'B', (size_t)4094, 'A', (size_t)0);
    check_read("read q 4096", q[0], 4096, want, n);
    check_read("read p 4096", p[0], 4096, want, n);
    close4(p, q);
    close(f);
}

static void ltp_tee01(void) {
    int p[2], q[2];
    unsigned char pat[1024];
    test("ltp-tee01-round-trip");
    for (int i = 0; i < 1024; i++) pat[i] = i & 0xff;
    int in = mkfile_in(tdir, 1024, pat, 0, O_RDONLY);
    int out = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("splice f -> p1 1024", R(splice(in, NULL, p[1], NULL, 1024, 0)), 1024);
    check("tee p1 -> p2 1024 nonblock", R(tee(p[0], q[1], 1024, SPLICE_F_NONBLOCK)), 1024);
    check("splice p2 -> g 1024", R(splice(q[0], NULL, out, NULL, 1024, 0)), 1024);
    check("size g", fsize(out), 1024);
    check_pread("pread g@0 1024", out, 0, 1024, pat, 1024);
    check_read("read p1 2048 (tee did not consume)", p[0], 2048, pat, 1024);
    close4(p, q);
    close(in);
    close(out);
}

static void ltp_tee02(void) {
    int p[2];
    test("ltp-tee02-errnos");
    int f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    check("write p (26 bytes)", R(write(p[1], "abcdefghigklmnopqrstuvwxyz", 26)), 26);
    check("tee f -> p 10 (in not a pipe)", R(tee(f, p[1], 10, 0)), -EINVAL);
    check("tee p -> f 10 (out not a pipe)", R(tee(p[0], f, 10, 0)), -EINVAL);
    check("tee p.r -> p.w 10 (same pipe)", R(tee(p[0], p[1], 10, 0)), -EINVAL);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void arg_checks(void) {
    int p[2], q[2];
    test("tee-arg-checks");
    int f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("tee p -> q 0 flags=0x10 (flags before len 0)", R(tee(p[0], q[1], 0, 0x10)), -EINVAL);
    check("tee fd:900 -> fd:901 0 flags=0x10", R(tee(BADFD, BADFD + 1, 0, 0x10)), -EINVAL);
    check("tee fd:900 -> fd:901 0 (len 0 before fd checks)", R(tee(BADFD, BADFD + 1, 0, 0)), 0);
    check("tee fd:900 -> q 10", R(tee(BADFD, q[1], 10, 0)), -EBADF);
    check("tee p -> fd:900 10", R(tee(p[0], BADFD, 10, 0)), -EBADF);
    check("tee p.w -> q 10 (input is the write end: not readable)", R(tee(p[1], q[1], 10, 0)), -EBADF);
    check("tee p -> q.r 10 (output is the read end: not writable)", R(tee(p[0], q[0], 10, 0)), -EBADF);
    check("tee f -> fd:900 10 (bad fd before not-a-pipe)", R(tee(f, BADFD, 10, 0)), -EBADF);
    check("tee p -> q 10 flags=0x10", R(tee(p[0], q[1], 10, 0x10)), -EINVAL);
    check("tee p -> q 10 (ok)", R(tee(p[0], q[1], 10, 0)), 3);
    close4(p, q);
    close(f);
}

int main(void) {
    setup_common();
    empty();
    no_consume();
    clears_can_merge();
    shares_pages();
    ltp_tee01();
    ltp_tee02();
    arg_checks();
    return finish();
}
