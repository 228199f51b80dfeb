/*
 * pipe -> file splice (SEMANTICS.md §2.2), LTP splice01, and the blocking waits of a
 * pipe reader in two processes.
 */
#include "check.h"

static unsigned char want[1 << 20];

static void empty_no_writers(void) {
    int p[2];
    test("splice-pipe-to-file-empty-no-writers-eof");
    int f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    close(p[1]);
    check("splice p -> f 100 (empty, no writers)", R(splice(p[0], NULL, f, NULL, 100, 0)), 0);
    check("splice p -> f 100 nonblock (empty, no writers)", R(splice(p[0], NULL, f, NULL, 100, SPLICE_F_NONBLOCK)), 0);
    check("size f", fsize(f), 0);
    close(p[0]);
    close(f);
}

static void empty_nonblock(void) {
    int p[2], q[2];
    test("splice-pipe-to-file-empty-nonblock-eagain");
    int f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    check("splice p -> f 100 nonblock (empty, writer open)", R(splice(p[0], NULL, f, NULL, 100, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("splice q -> f 100 (empty, q O_NONBLOCK)", R(splice(q[0], NULL, f, NULL, 100, 0)), -EAGAIN);
    check("size f", fsize(f), 0);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(f);
}

static void copies(void) {
    int p[2];
    test("splice-pipe-to-file-partial");
    int f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    check("write p \"hello world\"", R(write(p[1], "hello world", 11)), 11);
    check("splice p -> f 5", R(splice(p[0], NULL, f, NULL, 5, 0)), 5);
    check("size f", fsize(f), 5);
    check("fionread p", fionread(p[0]), 6);
    loff_t off = 100;
    check("splice p -> f@100 3", R(splice(p[0], NULL, f, &off, 3, 0)), 3);
    check("size f", fsize(f), 103);
    check("splice p -> f 3 (position still 5)", R(splice(p[0], NULL, f, NULL, 3, 0)), 3);
    check("fionread p", fionread(p[0]), 0);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 8);
    check_pread("pread f@0 8", f, 0, 8, "hellorld", 8);
    check_pread("pread f@100 3", f, 100, 3, " wo", 3);
    check_pread("pread f@8 5 (hole)", f, 8, 5, "\0\0\0\0\0", 5);
    check("size f", fsize(f), 103);
    close(p[0]);
    close(p[1]);
    close(f);

    /* several buffers, stops when the pipe is empty */
    test("splice-pipe-to-file-drains-available");
    f = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    check("write p 'a'*5000", R(write(p[1], fill(5000, 'a'), 5000)), 5000);
    check("write p 'b'*100", R(write(p[1], fill(100, 'b'), 100)), 100);
    check("splice p -> f 65536 (5100 available, writer open)", R(splice(p[0], NULL, f, NULL, 65536, 0)), 5100);
    size_t n = runs(want, (size_t)5000, 'a', (size_t)100, 'b', (size_t)0);
    check_pread("pread f@0 8192", f, 0, 8192, want, n);
    check("splice p -> f 1 nonblock (empty again)", R(splice(p[0], NULL, f, NULL, 1, SPLICE_F_NONBLOCK)), -EAGAIN);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void ltp_splice01(void) {
    int p[2];
    unsigned char pat[1024];
    test("ltp-splice01-file-pipe-file");
    for (int i = 0; i < 1024; i++) pat[i] = i & 0xff;
    int in = mkfile_in(tdir, 1024, pat, 0, O_RDONLY);
    int out = mkfile(0, 0, O_WRONLY);
    int chk = -1;
    mkpipe(p, 0, 0);
    check("splice f -> p 1024", R(splice(in, NULL, p[1], NULL, 1024, 0)), 1024);
    check("splice p -> g 1024", R(splice(p[0], NULL, out, NULL, 1024, 0)), 1024);
    check("size g", fsize(out), 1024);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", out);
    chk = open(path, O_RDONLY);
    check_pread("pread g@0 1024", chk, 0, 1024, pat, 1024);
    close(chk);
    close(p[0]);
    close(p[1]);
    close(in);
    close(out);
}

static void waits_for_writer(void) {
    int p[2];
    test("splice-pipe-to-file-waits-for-writer");
    for (int order = 0; order < 2; order++) {
        int f = mkfile(0, 0, O_RDWR);
        mkpipe(p, 0, 0);
        pid_t c = fork();
        if (c == 0) { /* P1 */
            if (order == 0) usleep(200000); /* P0's splice blocks first */
            if (write(p[1], "hello", 5) != 5) _exit(3);
            close(p[1]);
            _exit(0);
        }
        if (order == 1) usleep(200000); /* P1 writes and closes first */
        close(p[1]);                    /* P0: close p.w */
        char what[100];
        snprintf(what, sizeof what, "order %d: r0 = splice p -> f 100", order);
        check(what, R(splice(p[0], NULL, f, NULL, 100, 0)), 5);
        snprintf(what, sizeof what, "order %d: r1 = splice p -> f 100 (EOF)", order);
        check(what, R(splice(p[0], NULL, f, NULL, 100, 0)), 0);
        snprintf(what, sizeof what, "order %d: r2 = pread f@0 100", order);
        check_pread(what, f, 0, 100, "hello", 5);
        int st;
        waitpid(c, &st, 0);
        close(p[0]);
        close(f);
    }
}

int main(void) {
    setup_common();
    empty_no_writers();
    empty_nonblock();
    copies();
    ltp_splice01();
    waits_for_writer();
    return finish();
}
