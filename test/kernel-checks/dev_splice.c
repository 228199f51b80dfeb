/*
 * /dev/zero, /dev/full and /dev/null as splice sources and sinks (issue 13 part 4; LTP splice08 and
 * splice09 on >= 6.7): copy_splice_read of zeros, /dev/null without splice_read, pipe -> /dev/zero.
 */
#include "check.h"

static unsigned char zeros[1 << 17];

static void closeall(int *fds, int n) {
    for (int i = 0; i < n; i++) close(fds[i]);
}

static void zero_full_to_pipe(void) {
    int p[2], q[2];
    test("dev-zero-full-splice-to-pipe");
    int z = open("/dev/zero", O_RDWR), f = open("/dev/full", O_RDWR);
    if (z < 0 || f < 0) die("open /dev/zero, /dev/full");
    mkpipe(p, 0, 0);
    mkpipe(q, 4096, 1);
    loff_t o = 5;
    check("splice z -> p 100000 (16 slots)", R(splice(z, NULL, p[1], NULL, 100000, 0)), 65536);
    check_read("read p 70000", p[0], 70000, zeros, 65536);
    check("splice f -> p 1009", R(splice(f, NULL, p[1], NULL, 1009, 0)), 1009);
    check_read("read p 2000", p[0], 2000, zeros, 1009);
    check("splice z -> q 10", R(splice(z, NULL, q[1], NULL, 10, 0)), 10);
    check("write q \"abc\" (one slot, the zero page not mergeable: EAGAIN)", R(write(q[1], "abc", 3)), -EAGAIN);
    check("splice z -> q 10 (full, O_NONBLOCK)", R(splice(z, NULL, q[1], NULL, 10, 0)), -EAGAIN);
    check_read("read q 100", q[0], 100, zeros, 10);
    check("splice z@5 -> q 10 (an offset is fine)", R(splice(z, &o, q[1], NULL, 10, 0)), 10);
    check_read("read q 100", q[0], 100, zeros, 10);
    check("sendfile z -> p 5000", R(sendfile(p[1], z, NULL, 5000)), 5000);
    check("fionread p", fionread(p[0]), 5000);
    closeall(p, 2);
    closeall(q, 2);
    close(z);
    close(f);
}

static void null_source(void) {
    int p[2], q[2], r[2];
    test("dev-null-splice-source-einval");
    int n = open("/dev/null", O_RDWR);
    if (n < 0) die("open /dev/null");
    mkpipe(p, 0, 0);
    mkpipe(q, 4096, 1);
    mkpipe(r, 0, 0);
    check("splice n -> p 100 (no splice_read)", R(splice(n, NULL, p[1], NULL, 100, 0)), -EINVAL);
    check("splice n -> p 0", R(splice(n, NULL, p[1], NULL, 0, 0)), 0);
    check("write q \"x\"", R(write(q[1], "x", 1)), 1);
    check("splice n -> q 100 (full O_NONBLOCK pipe: the wait for room comes first)", R(splice(n, NULL, q[1], NULL, 100, 0)), -EAGAIN);
    close(r[0]);
    check("splice n -> r 100 (no readers: EPIPE first)", R(splice(n, NULL, r[1], NULL, 100, 0)), -EPIPE);
    check("sendfile n -> p 10", R(sendfile(p[1], n, NULL, 10)), -EINVAL);
    check("fionread p", fionread(p[0]), 0);
    closeall(p, 2);
    closeall(q, 2);
    close(r[1]);
    close(n);
}

static void pipe_to_devices(void) {
    int p[2];
    test("splice-pipe-to-dev-zero-consumed");
    int z = open("/dev/zero", O_RDWR), f = open("/dev/full", O_RDWR), n = open("/dev/null", O_RDWR);
    mkpipe(p, 0, 1);
    loff_t o = 7;
    check("write p \"hello\"", R(write(p[1], "hello", 5)), 5);
    check("splice p -> z 100 (splice_write_zero)", R(splice(p[0], NULL, z, NULL, 100, 0)), 5);
    check("fionread p", fionread(p[0]), 0);
    check("write p \"hello\"", R(write(p[1], "hello", 5)), 5);
    check("splice p -> f 100 (no splice_write)", R(splice(p[0], NULL, f, NULL, 100, 0)), -EINVAL);
    check("fionread p (untouched)", fionread(p[0]), 5);
    check("splice p -> n@7 100", R(splice(p[0], NULL, n, &o, 100, 0)), 5);
    check("splice p -> z 100 (empty O_NONBLOCK pipe)", R(splice(p[0], NULL, z, NULL, 100, 0)), -EAGAIN);
    check("write p 'a'*65536", R(write(p[1], fill(65536, 'a'), 65536)), 65536);
    check("splice p -> z 100000", R(splice(p[0], NULL, z, NULL, 100000, 0)), 65536);
    closeall(p, 2);
    close(z);
    close(f);
    close(n);
}

static void read_write(void) {
    test("dev-read-write-errnos");
    int z = open("/dev/zero", O_RDWR), f = open("/dev/full", O_RDWR), n = open("/dev/null", O_RDWR);
    int zr = open("/dev/zero", O_RDONLY);
    int p[2];
    mkpipe(p, 0, 0);
    check_read("read z 5", z, 5, zeros, 5);
    check_read("read f 5", f, 5, zeros, 5);
    check_read("read n 5", n, 5, "", 0);
    check_pread("pread z@5 3", z, 5, 3, zeros, 3);
    check_pread("pread n@5 3", n, 5, 3, "", 0);
    check("write z \"x\"", R(write(z, "x", 1)), 1);
    check("write n \"x\"", R(write(n, "x", 1)), 1);
    check("write f \"x\"", R(write(f, "x", 1)), -ENOSPC);
    check("pwrite f@5 \"x\"", R(pwrite(f, "x", 1, 5)), -ENOSPC);
    check("pwrite z@5 \"x\"", R(pwrite(z, "x", 1, 5)), 1);
    check("write zr \"x\" (read-only)", R(write(zr, "x", 1)), -EBADF);
    check("fionread z", fionread(z), -ENOTTY);
    check("fionread n", fionread(n), -ENOTTY);
    check("fadvise z dontneed", -(long long)posix_fadvise(z, 0, 0, POSIX_FADV_DONTNEED), 0);
    check("fsync z", R(fsync(z)), -EINVAL);
    check("ftruncate z 0", R(ftruncate(z, 0)), -EINVAL);
    check("size z", fsize(z), 0);
    check("F_GETPIPE_SZ z", R(fcntl(z, F_GETPIPE_SZ)), -EBADF);
    check("tee z -> p 10", R(tee(z, p[1], 10, 0)), -EINVAL);
    struct iovec v = {zeros, 10};
    check("vmsplice M -> z 10", R(vmsplice(z, &v, 1, 0)), -EBADF);
    closeall(p, 2);
    close(z);
    close(f);
    close(n);
    close(zr);
}

static void sendfile_devices(void) {
    test("sendfile-dev-zero");
    int z = open("/dev/zero", O_RDWR), f = open("/dev/full", O_RDWR), n = open("/dev/null", O_RDWR);
    int g = mkfile(0, 0, O_RDWR);
    off_t o = 7;
    check("sendfile z -> n 100000", R(sendfile(n, z, NULL, 100000)), 100000);
    check("sendfile z@7 -> n 100", R(sendfile(n, z, &o, 100)), 100);
    check("sendfile z -> z 10000", R(sendfile(z, z, NULL, 10000)), 10000);
    check("sendfile z -> f 100 (no splice_write)", R(sendfile(f, z, NULL, 100)), -EINVAL);
    check("sendfile n -> n 100 (no splice_read)", R(sendfile(n, n, NULL, 100)), -EINVAL);
    check("sendfile z -> g 10000", R(sendfile(g, z, NULL, 10000)), 10000);
    check("size g", fsize(g), 10000);
    check_pread("pread g@9990 100", g, 9990, 100, zeros, 10);
    check("sendfile g@0 -> n 10000", R(({ off_t a = 0; sendfile(n, g, &a, 10000); })), 10000);
    check("sendfile g@0 -> z 10000", R(({ off_t a = 0; sendfile(z, g, &a, 10000); })), 10000);
    check("splice z -> g 100 (file as output: not a pipe)", R(splice(z, NULL, g, NULL, 100, 0)), -EINVAL);
    close(z);
    close(f);
    close(n);
    close(g);
}

static void sendfile_zero_count_and_eof(void) {
    int s[2], p[2];
    test("sendfile-dev-null-full-zero-count-and-eof");
    int n = open("/dev/null", O_RDWR), x = open("/dev/full", O_RDWR), z = open("/dev/zero", O_RDWR);
    int e = mkfile(0, 0, O_RDWR), f = mkfile(100, 'F', O_RDWR);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    mkpipe(p, 0, 0);
    off_t o = 512;
    check("sendfile n -> s.0 0", R(sendfile(s[0], n, NULL, 0)), 0);
    check("sendfile n -> z 0", R(sendfile(z, n, NULL, 0)), 0);
    check("sendfile n -> s.0 10", R(sendfile(s[0], n, NULL, 10)), -EINVAL);
    check("sendfile e -> x 4096 (EOF at once)", R(sendfile(x, e, NULL, 4096)), 0);
    check("sendfile f@512 -> x 4096 (past the end)", R(sendfile(x, f, &o, 4096)), 0);
    check("sendfile f -> x 4096", R(sendfile(x, f, NULL, 4096)), -EINVAL);
    check("sendfile p -> s.0 0", R(sendfile(s[0], p[0], NULL, 0)), -EINVAL);
    closeall(s, 2);
    closeall(p, 2);
    close(n); close(x); close(z); close(e); close(f);
}

int main(void) {
    setup_common();
    zero_full_to_pipe();
    null_source();
    pipe_to_devices();
    read_write();
    sendfile_devices();
    sendfile_zero_count_and_eof();
    return finish();
}
