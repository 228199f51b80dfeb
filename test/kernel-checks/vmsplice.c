/*
 * vmsplice (SEMANTICS.md §2.0, §2.7, §2.8), LTP vmsplice02, vmsplice03, vmsplice04.
 */
#include "check.h"

static unsigned char want[1 << 20];

static void on_alarm(int sig) { (void)sig; }

static void arm_alarm(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
}

/* "mem M size=N fill=C": page-aligned anonymous memory */
static unsigned char *mem(size_t n, int c) {
    unsigned char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    memset(m, c, n);
    return m;
}

static long long vms(int fd, void *base, size_t len, unsigned flags) {
    struct iovec iov = {base, len};
    return R(vmsplice(fd, &iov, 1, flags));
}

static void partial(void) {
    int p[2];
    test("vmsplice-128k-into-64k-pipe-partial");
    unsigned char *m = mem(131072, 'V');
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 131072", vms(p[1], m, 131072, 0), 65536);
    check("fionread p", fionread(p[0]), 65536);
    check("vmsplice m -> p 4096 nonblock (full)", vms(p[1], m, 4096, SPLICE_F_NONBLOCK), -EAGAIN);
    check_read("read p 131072", p[0], 131072, fill(65536, 'V'), 65536);
    /* partial page at the end of the window */
    check("vmsplice m@100 -> p 5000", vms(p[1], m + 100, 5000, 0), 5000);
    check("fionread p", fionread(p[0]), 5000);
    close(p[0]);
    close(p[1]);
    munmap(m, 131072);
}

static void store_visible(void) {
    int p[2];
    test("vmsplice-then-store-visible");
    unsigned char *m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 4096", vms(p[1], m, 4096, 0), 4096);
    memcpy(m, "B", 1);
    check_read("read p 4", p[0], 4, "BAAA", 4);
    memcpy(m + 10, "C", 1);
    size_t n = runs(want, (size_t)6, 'A', (size_t)1, 'C', (size_t)4085, 'A', (size_t)0);
    check_read("read p 4092", p[0], 4092, want, n);
    close(p[0]);
    close(p[1]);
    munmap(m, 4096);

    test("vmsplice-gift-then-store-visible");
    m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 4096 gift", vms(p[1], m, 4096, SPLICE_F_GIFT), 4096);
    memcpy(m, "B", 1);
    check_read("read p 4", p[0], 4, "BAAA", 4);
    close(p[0]);
    close(p[1]);
    munmap(m, 4096);
}

static void full(void) {
    int p[2], q[2];
    test("ltp-vmsplice04-full-pipe-nonblock-eagain");
    unsigned char *m = mem(4096, 'M');
    mkpipe(p, 0, 0);
    check("write p 'x'*65536", R(write(p[1], fill(65536, 'x'), 65536)), 65536);
    check("vmsplice m -> p 4096 nonblock (full)", vms(p[1], m, 4096, SPLICE_F_NONBLOCK), -EAGAIN);
    arm_alarm();
    check("vmsplice m -> p 4096 (full, blocking: blocks -> EINTR by alarm)", vms(p[1], m, 4096, 0), -EINTR);
    alarm(0);
    close(p[0]);
    close(p[1]);

    test("vmsplice-pipe-fd-nonblock-ignored");
    mkpipe(q, 0, 1);
    check("write q 'x'*65536", R(write(q[1], fill(65536, 'x'), 65536)), 65536);
    check("write q \"x\" (full, O_NONBLOCK)", R(write(q[1], "x", 1)), -EAGAIN);
    arm_alarm();
    check("vmsplice m -> q 4096 (full, q O_NONBLOCK, no flag: blocks -> EINTR by alarm)", vms(q[1], m, 4096, 0), -EINTR);
    alarm(0);
    check("vmsplice m -> q 4096 nonblock", vms(q[1], m, 4096, SPLICE_F_NONBLOCK), -EAGAIN);
    close(q[0]);
    close(q[1]);

    test("vmsplice-no-readers-epipe");
    mkpipe(p, 0, 0);
    close(p[0]);
    check("vmsplice m -> p 4096 (no readers)", vms(p[1], m, 4096, 0), -EPIPE);
    close(p[1]);
    munmap(m, 4096);
}

static void blocked_then_woken(void) {
    int p[2];
    test("vmsplice-full-pipe-waits-for-reader");
    for (int order = 0; order < 2; order++) {
        unsigned char *m = mem(4096, 'M');
        mkpipe(p, 0, 0);
        pid_t c = fork();
        if (c == 0) { /* P1: r1 = read p 65536 */
            if (order == 0) usleep(200000);
            static unsigned char b[65536];
            ssize_t r = read(p[0], b, 65536);
            _exit(r > 0 ? 0 : 3);
        }
        if (order == 1) usleep(200000);
        char what[100];
        snprintf(what, sizeof what, "order %d: r0 = write p 'x'*65536", order);
        check(what, R(write(p[1], fill(65536, 'x'), 65536)), 65536);
        snprintf(what, sizeof what, "order %d: r1 = vmsplice m -> p 4096", order);
        check(what, vms(p[1], m, 4096, 0), 4096);
        int st;
        waitpid(c, &st, 0);
        snprintf(what, sizeof what, "order %d: P1's read returned > 0", order);
        check(what, WIFEXITED(st) ? WEXITSTATUS(st) : 99, 0);
        close(p[0]);
        close(p[1]);
        munmap(m, 4096);
    }
}

static void from_pipe(void) {
    int p[2];
    test("ltp-vmsplice03-from-pipe");
    unsigned char *m = mem(65536, 0);
    mkpipe(p, 0, 0);
    for (int k = 0; k < 16; k++) memset(want + 4096 * k, 'A' + k, 4096);
    check("write p (65536 bytes)", R(write(p[0 + 1], want, 65536)), 65536);
    check("vmsplice p -> m 65536", vms(p[0], m, 65536, 0), 65536);
    check_bytes("load m@0 65536", m, 65536, want, 65536);
    check("fionread p", fionread(p[0]), 0);
    close(p[0]);
    close(p[1]);
    munmap(m, 65536);

    test("vmsplice-from-pipe-copies");
    m = mem(8192, 'Z');
    int f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    check("splice f -> p 4096", R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    check("vmsplice p -> m 100", vms(p[0], m, 100, 0), 100);
    check("pwrite f@0 'B'*200", R(pwrite(f, fill(200, 'B'), 200, 0)), 200);
    size_t n = runs(want, (size_t)100, 'A', (size_t)4, 'Z', (size_t)0);
    check_bytes("load m@0 104 (a copy made at call time)", m, 104, want, n);
    check("fionread p", fionread(p[0]), 3996);
    check("vmsplice p -> m@4096 4096", vms(p[0], m + 4096, 4096, 0), 3996);
    n = runs(want, (size_t)100, 'B', (size_t)3896, 'A', (size_t)0);
    check_bytes("load m@4096 3996", m + 4096, 3996, want, n);
    check("vmsplice p -> m 10 nonblock (empty)", vms(p[0], m, 10, SPLICE_F_NONBLOCK), -EAGAIN);
    close(p[1]);
    check("vmsplice p -> m 10 (empty, no writers)", vms(p[0], m, 10, 0), 0);
    close(p[0]);
    close(f);

    test("vmsplice-from-pipe-fd-nonblock-ignored");
    mkpipe(p, 0, 1);
    check("vmsplice p -> m 10 nonblock (empty)", vms(p[0], m, 10, SPLICE_F_NONBLOCK), -EAGAIN);
    arm_alarm();
    check("vmsplice p -> m 10 (empty, p O_NONBLOCK, no flag: blocks -> EINTR by alarm)", vms(p[0], m, 10, 0), -EINTR);
    alarm(0);
    close(p[0]);
    close(p[1]);
    munmap(m, 8192);
}

static void ltp_vmsplice02(void) {
    int p[2];
    test("ltp-vmsplice02-errnos");
    static char buffer[128];
    int f = mkfile(0, 0, O_WRONLY);
    mkpipe(p, 0, 0);
    check("vmsplice m -> fd:900 128", vms(BADFD, buffer, 128, 0), -EBADF);
    check("vmsplice m -> fd:-1 128", vms(-1, buffer, 128, 0), -EBADF);
    check("vmsplice m -> f 128 (regular file)", vms(f, buffer, 128, 0), -EBADF);
    struct iovec *iov = calloc(IOV_MAX + 1, sizeof *iov);
    for (int i = 0; i <= IOV_MAX; i++) {
        iov[i].iov_base = buffer;
        iov[i].iov_len = 128;
    }
    check("vmsplice (IOV_MAX+1 segments) -> p (C only)", R(vmsplice(p[1], iov, IOV_MAX + 1, 0)), -EINVAL);
    free(iov);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void arg_checks(void) {
    int p[2];
    test("vmsplice-arg-checks");
    unsigned char *m = mem(4096, 'M');
    int f = mkfile(100, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 100 flags=0x10", vms(p[1], m, 100, 0x10), -EINVAL);
    check("vmsplice m -> fd:900 100 flags=0x10 (flags before fd)", vms(BADFD, m, 100, 0x10), -EINVAL);
    check("vmsplice m -> f 100 (rw file)", vms(f, m, 100, 0), -EBADF);
    check("vmsplice [] -> p 0", R(vmsplice(p[1], NULL, 0, 0)), 0);
    check("vmsplice [] -> fd:900 0 (fd checked before empty)", R(vmsplice(BADFD, NULL, 0, 0)), -EBADF);
    check("vmsplice m -> p 0 (one empty segment)", vms(p[1], m, 0, 0), 0);
    check("fionread p", fionread(p[0]), 0);
    close(p[0]);
    close(p[1]);
    close(f);
    munmap(m, 4096);
}

int main(void) {
    setup_common();
    partial();
    store_visible();
    full();
    blocked_then_woken();
    from_pipe();
    ltp_vmsplice02();
    arg_checks();
    return finish();
}
