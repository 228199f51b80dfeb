/*
 * sendfile (SEMANTICS.md §2.9).
 */
#include "check.h"

static unsigned char want[1 << 20];

static void append_out(void) {
    int q[2];
    test("sendfile-to-append-file-einval");
    int f = mkfile_in(tdir, 10, "0123456789", 0, O_RDONLY);
    int g = mkfile(5, 'G', O_RDWR | O_APPEND);
    mkpipe(q, 0, 0);
    check("sendfile f -> g 10 (g O_APPEND)", R(sendfile(g, f, NULL, 10)), -EINVAL);
    off_t o = 0;
    check("sendfile f@0 -> g 10 (g O_APPEND)", R(sendfile(g, f, &o, 10)), -EINVAL);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 0);
    check("size g", fsize(g), 5);
    check("splice f -> q 4 (position still 0)", R(splice(f, NULL, q[1], NULL, 4, 0)), 4);
    check_read("read q 10", q[0], 10, "0123", 4);
    close(q[0]);
    close(q[1]);
    close(f);
    close(g);
}

static void from_pipe(void) {
    int p[2], q[2], s[2];
    test("sendfile-from-pipe-einval");
    int g = mkfile(0, 0, O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    check("write p \"data\"", R(write(p[1], "data", 4)), 4);
    check("sendfile p -> g 4 (in is a pipe)", R(sendfile(g, p[0], NULL, 4)), -EINVAL);
    check("sendfile p -> q 4 (pipe to pipe)", R(sendfile(q[1], p[0], NULL, 4)), -EINVAL);
    check("fionread p (nothing consumed)", fionread(p[0]), 4);
    check("size g", fsize(g), 0);
    check("write s.0 \"data\"", R(write(s[0], "data", 4)), 4);
    check("sendfile s.1 -> g 4 (in is a socket)", R(sendfile(g, s[1], NULL, 4)), -EINVAL);
    check_read("read s.1 100 (nothing consumed)", s[1], 100, "data", 4);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
        close(s[i]);
    }
    close(g);
}

static void file_to_file(void) {
    test("sendfile-file-to-file-copies");
    int f = mkfile(5000, 'A', O_RDWR);
    int g = mkfile(0, 0, O_RDWR);
    check("sendfile f -> g 8192", R(sendfile(g, f, NULL, 8192)), 5000);
    check("sendfile f -> g 8192 (at EOF)", R(sendfile(g, f, NULL, 8192)), 0);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 5000);
    check("size g", fsize(g), 5000);
    check("pwrite f@0 'B'*10", R(pwrite(f, fill(10, 'B'), 10, 0)), 10);
    check_pread("pread g@0 8192 (a copy)", g, 0, 8192, fill(5000, 'A'), 5000);
    off_t o = 5;
    check("sendfile f@5 -> g 10", R(sendfile(g, f, &o, 10)), 10);
    check("offset advanced to 15", o, 15);
    check("lseek(f, 0, SEEK_CUR) (unchanged)", R(lseek(f, 0, SEEK_CUR)), 5000);
    check("sendfile f -> g 10 (position still at EOF)", R(sendfile(g, f, NULL, 10)), 0);
    check("size g", fsize(g), 5010);
    size_t n = runs(want, (size_t)5, 'B', (size_t)5, 'A', (size_t)0);
    check_pread("pread g@5000 10", g, 5000, 10, want, n);
    close(f);
    close(g);
}

static void errnos(void) {
    int p[2];
    test("sendfile-errnos");
    int f = mkfile(100, 'A', O_RDWR);
    int wo = mkfile(100, 'W', O_WRONLY);
    int ro = mkfile(100, 'R', O_RDONLY);
    mkpipe(p, 0, 0);
    check("write p \"data\"", R(write(p[1], "data", 4)), 4);
    check("sendfile fd:900 -> f 10", R(sendfile(f, BADFD, NULL, 10)), -EBADF);
    check("sendfile f -> fd:900 10", R(sendfile(BADFD, f, NULL, 10)), -EBADF);
    check("sendfile wo -> f 10 (in not readable)", R(sendfile(f, wo, NULL, 10)), -EBADF);
    check("sendfile f -> ro 10 (out not writable)", R(sendfile(ro, f, NULL, 10)), -EBADF);
    check("sendfile f -> p.r 10 (out is a pipe read end)", R(sendfile(p[0], f, NULL, 10)), -EBADF);
    off_t o = 0;
    check("sendfile p@0 -> f 10 (offset on a pipe)", R(sendfile(f, p[0], &o, 10)), -ESPIPE);
    check("sendfile f -> p 0", R(sendfile(p[1], f, NULL, 0)), 0);
    check("fionread p", fionread(p[0]), 4);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 0);
    close(p[0]);
    close(p[1]);
    close(f);
    close(wo);
    close(ro);
}

static void to_socket(void) {
    int s[2];
    test("sendfile-file-to-unix-socket-then-pwrite");
    int f = mkfile(4096, 'A', O_RDWR);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    check("sendfile f -> s.0 4096", R(sendfile(s[0], f, NULL, 4096)), 4096);
    check("pwrite f@0 \"BB\"", R(pwrite(f, "BB", 2, 0)), 2);
    size_t n = runs(want, (size_t)2, 'B', (size_t)4094, 'A', (size_t)0);
    check_read("read s.1 4096", s[1], 4096, want, n);
    close(s[0]);
    close(s[1]);
    close(f);
}

int main(void) {
    setup_common();
    append_out();
    from_pipe();
    file_to_file();
    errnos();
    to_socket();
    return finish();
}
