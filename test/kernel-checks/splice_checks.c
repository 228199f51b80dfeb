/*
 * splice argument checks and their order (SEMANTICS.md §2.0) and LTP splice03.
 */
#include "check.h"

static void close2(int p[2]) {
    close(p[0]);
    close(p[1]);
}

static void len_zero(void) {
    int p[2];
    test("splice-len-zero-before-fd-checks");
    int f = mkfile(100, 'A', O_RDONLY);
    mkpipe(p, 0, 0);
    check("splice fd:900 -> fd:901 0", R(splice(BADFD, NULL, BADFD + 1, NULL, 0, 0)), 0);
    check("splice fd:900 -> fd:901 0 flags=0x10 (len 0 before flags)", R(splice(BADFD, NULL, BADFD + 1, NULL, 0, 0x10)), 0);
    check("splice f -> f 0 (file to file)", R(splice(f, NULL, f, NULL, 0, 0)), 0);
    check("splice p.r -> p.w 0 (same pipe)", R(({ loff_t o = 0; splice(p[0], &o, p[1], NULL, 0, 0); })), 0);
    check("fionread p", fionread(p[0]), 0);
    close2(p);
    close(f);
}

static void bad_flags(void) {
    int p[2];
    test("splice-bad-flags-einval");
    int f = mkfile(100, 'A', O_RDONLY);
    mkpipe(p, 0, 0);
    check("splice f -> p 10 flags=0x10", R(splice(f, NULL, p[1], NULL, 10, 0x10)), -EINVAL);
    check("splice f -> p 10 flags=0x80000000", R(splice(f, NULL, p[1], NULL, 10, 0x80000000u)), -EINVAL);
    check("splice fd:900 -> fd:901 10 flags=0x10 (flags before fds)", R(splice(BADFD, NULL, BADFD + 1, NULL, 10, 0x10)), -EINVAL);
    check("splice f -> p 10 flags=0xf (all valid bits)", R(splice(f, NULL, p[1], NULL, 10, 0xf)), 10);
    check("fionread p", fionread(p[0]), 10);
    close2(p);
    close(f);
}

static void bad_fd(void) {
    int p[2];
    test("splice-bad-fd-ebadf");
    int f = mkfile(100, 'A', O_RDONLY);
    mkpipe(p, 0, 0);
    check("splice fd:900 -> p 10", R(splice(BADFD, NULL, p[1], NULL, 10, 0)), -EBADF);
    check("splice f -> fd:900 10", R(splice(f, NULL, BADFD, NULL, 10, 0)), -EBADF);
    check("splice p -> fd:900 10", R(splice(p[0], NULL, BADFD, NULL, 10, 0)), -EBADF);
    close(p[1]);
    close(p[0]);
    check("splice fd:900 -> fd:901 10", R(splice(BADFD, NULL, BADFD + 1, NULL, 10, 0)), -EBADF);
    close(f);
}

static void offset_on_pipe(void) {
    int p[2], q[2];
    test("splice-offset-on-pipe-espipe");
    int f = mkfile(100, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    loff_t o = 0;
    check("splice p@0 -> f 10", R(splice(p[0], &o, f, NULL, 10, 0)), -ESPIPE);
    o = 0;
    check("splice f -> p@0 10", R(splice(f, NULL, p[1], &o, 10, 0)), -ESPIPE);
    o = 0;
    check("splice p@0 -> q 10 (pipe to pipe)", R(splice(p[0], &o, q[1], NULL, 10, 0)), -ESPIPE);
    o = 0;
    check("splice p -> q@0 10 (pipe to pipe)", R(splice(p[0], NULL, q[1], &o, 10, 0)), -ESPIPE);
    o = 0;
    check("splice p.w@0 -> f 10 (ESPIPE before the mode check)", R(splice(p[1], &o, f, NULL, 10, 0)), -ESPIPE);
    o = 0;
    check("splice p.r@0 -> p.w 10 (ESPIPE before same-pipe)", R(splice(p[0], &o, p[1], NULL, 10, 0)), -ESPIPE);
    check("fionread p (nothing moved)", fionread(p[0]), 3);
    check("size f", fsize(f), 100);
    close2(p);
    close2(q);
    close(f);
}

static void same_pipe(void) {
    int p[2];
    test("splice-same-pipe-einval");
    mkpipe(p, 0, 0);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("splice p.r -> p.w 10", R(splice(p[0], NULL, p[1], NULL, 10, 0)), -EINVAL);
    check("splice p.r -> p.w 10 nonblock", R(splice(p[0], NULL, p[1], NULL, 10, SPLICE_F_NONBLOCK)), -EINVAL);
    check("splice p.w -> p.r 10 (modes checked first)", R(splice(p[1], NULL, p[0], NULL, 10, 0)), -EBADF);
    check("fionread p", fionread(p[0]), 3);
    close2(p);
}

static void file_to_file(void) {
    test("splice-file-to-file-einval");
    int f = mkfile(100, 'A', O_RDONLY);
    int g = mkfile(0, 0, O_RDWR);
    check("splice f -> g 10", R(splice(f, NULL, g, NULL, 10, 0)), -EINVAL);
    loff_t a = 0, b = 0;
    check("splice f@0 -> g@0 10", R(splice(f, &a, g, &b, 10, 0)), -EINVAL);
    check("size g", fsize(g), 0);
    close(f);
    close(g);
}

static void append_out(void) {
    int p[2];
    test("splice-append-output-einval");
    int g = mkfile(5, 'G', O_RDWR | O_APPEND);
    mkpipe(p, 0, 0);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("splice p -> g 10 (g O_APPEND)", R(splice(p[0], NULL, g, NULL, 10, 0)), -EINVAL);
    loff_t o = 0;
    check("splice p -> g@0 10 (g O_APPEND)", R(splice(p[0], NULL, g, &o, 10, 0)), -EINVAL);
    check("fionread p", fionread(p[0]), 3);
    check("size g", fsize(g), 5);
    close2(p);
    close(g);
}

static void wrong_mode(void) {
    int p[2], q[2];
    test("splice-wrong-mode-ebadf");
    int f = mkfile(100, 'A', O_RDWR);
    int wo = mkfile(100, 'W', O_WRONLY);
    int ro = mkfile(100, 'R', O_RDONLY);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("splice p.w -> f 10 (pipe write end as input)", R(splice(p[1], NULL, f, NULL, 10, 0)), -EBADF);
    check("splice wo -> p 10 (O_WRONLY file as input)", R(splice(wo, NULL, p[1], NULL, 10, 0)), -EBADF);
    check("splice p -> ro 10 (O_RDONLY file as output)", R(splice(p[0], NULL, ro, NULL, 10, 0)), -EBADF);
    check("splice f -> p.r 10 (pipe read end as output)", R(splice(f, NULL, p[0], NULL, 10, 0)), -EBADF);
    check("splice p.w -> q 10 (pipe to pipe, input is a write end)", R(splice(p[1], NULL, q[1], NULL, 10, 0)), -EBADF);
    check("splice wo -> ro 10 (file to file, wrong modes: EBADF before EINVAL)", R(splice(wo, NULL, ro, NULL, 10, 0)), -EBADF);
    check("fionread p", fionread(p[0]), 3);
    close2(p);
    close2(q);
    close(f);
    close(wo);
    close(ro);
}

static void offset_on_socket(void) {
    int p[2], s[2];
    test("splice-offset-on-socket-einval");
    mkpipe(p, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    check("write s.0 \"abc\"", R(write(s[0], "abc", 3)), 3);
    loff_t o = 0;
    check("splice s.1@0 -> p 10", R(splice(s[1], &o, p[1], NULL, 10, 0)), -EINVAL);
    check("write p \"xyz\"", R(write(p[1], "xyz", 3)), 3);
    o = 0;
    check("splice p -> s.0@0 10", R(splice(p[0], NULL, s[0], &o, 10, 0)), -EINVAL);
    check("splice s.1 -> p 10 (no offset)", R(splice(s[1], NULL, p[1], NULL, 10, 0)), 3);
    check_read("read p 100", p[0], 100, "xyzabc", 6);
    close2(p);
    close2(s);
}

static void ltp_splice03(void) {
    int p[2];
    test("ltp-splice03-errnos");
    static const char str[] = "abcdefghigklmnopqrstuvwxyz";
    int rd = mkfile_in(tdir, 26, str, 0, O_RDONLY);
    int wr = mkfile(0, 0, O_WRONLY);
    int ap = mkfile(0, 0, O_RDWR | O_APPEND);
    mkpipe(p, 0, 0);
    check("write p (26 bytes)", R(write(p[1], str, 26)), 26);
    loff_t o = 0;
    check("1 splice fd:900 -> p 10", R(splice(BADFD, NULL, p[1], NULL, 10, 0)), -EBADF);
    check("1' splice fd:-1 -> p 10", R(splice(-1, NULL, p[1], NULL, 10, 0)), -EBADF);
    check("2 splice p -> fd:900 10", R(splice(p[0], NULL, BADFD, NULL, 10, 0)), -EBADF);
    check("3 splice wr -> p 10 (O_WRONLY input)", R(splice(wr, NULL, p[1], NULL, 10, 0)), -EBADF);
    check("4 splice p -> ap 10 (O_APPEND output)", R(splice(p[0], NULL, ap, NULL, 10, 0)), -EINVAL);
    check("5 splice rd -> wr 10 (file to file)", R(splice(rd, NULL, wr, NULL, 10, 0)), -EINVAL);
    check("6 splice p@0 -> wr 10", R(splice(p[0], &o, wr, NULL, 10, 0)), -ESPIPE);
    o = 0;
    check("7 splice rd -> p@0 10", R(splice(rd, NULL, p[1], &o, 10, 0)), -ESPIPE);
    check("fionread p", fionread(p[0]), 26);
    close2(p);
    close(rd);
    close(wr);
    close(ap);
}

int main(void) {
    setup_common();
    len_zero();
    bad_flags();
    bad_fd();
    offset_on_pipe();
    same_pipe();
    file_to_file();
    append_out();
    wrong_mode();
    offset_on_socket();
    ltp_splice03();
    return finish();
}
