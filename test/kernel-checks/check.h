/*
 * Shared helpers for the kernel checks (see README.md). Each check prints
 *   PASS <litmus-test>: <what>: got <value>
 *   FAIL <litmus-test>: <what>: got <value>, want <value>
 * and finish() prints "N passed, N failed" and returns the exit status.
 *
 * A syscall result is recorded as a long long: a count (>= 0) or -errno, printed
 * as the errno name, which is what a litmus register holds.
 */
#ifndef SPLICELAB_KERNEL_CHECK_H
#define SPLICELAB_KERNEL_CHECK_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

static int n_pass, n_fail;
static const char *cur_test = "?";
/* Directory for test files; KCHECK_DIR overrides (default /tmp, ext4 here). */
static const char *tdir;

/* A syscall result: the count, or -errno. */
#define R(call) ({ long long r_ = (long long)(call); r_ < 0 ? -(long long)errno : r_; })

static __attribute__((unused)) void test(const char *litmus_name) { cur_test = litmus_name; }

static __attribute__((unused)) const char *show(long long v, char *buf, size_t n) {
    if (v < 0) {
        const char *name = strerrorname_np((int)-v);
        snprintf(buf, n, "%s", name ? name : "E?");
    } else {
        snprintf(buf, n, "%lld", v);
    }
    return buf;
}

/* Compare a result with the expected count or -errno. */
static __attribute__((unused)) void check(const char *what, long long got, long long want) {
    char g[64], w[64];
    if (got == want) {
        n_pass++;
        printf("PASS %s: %s: got %s\n", cur_test, what, show(got, g, sizeof g));
    } else {
        n_fail++;
        printf("FAIL %s: %s: got %s, want %s\n", cur_test, what, show(got, g, sizeof g),
               show(want, w, sizeof w));
    }
    fflush(stdout);
}

/* A byte string as a short run-length summary, like the litmus output ('A'*50+"XY"). */
static __attribute__((unused)) void summarize(const unsigned char *p, size_t n, char *out, size_t cap) {
    size_t o = 0, i = 0;
    int in_str = 0;
    out[0] = 0;
    if (n == 0) {
        snprintf(out, cap, "\"\"");
        return;
    }
    while (i < n && o + 24 < cap && o < 240) {
        size_t j = i;
        while (j < n && p[j] == p[i]) j++;
        if (j - i >= 4) {
            if (in_str) o += snprintf(out + o, cap - o, "\"");
            in_str = 0;
            if (o) o += snprintf(out + o, cap - o, "+");
            if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\'' && p[i] != '\\')
                o += snprintf(out + o, cap - o, "'%c'*%zu", p[i], j - i);
            else
                o += snprintf(out + o, cap - o, "'\\x%02x'*%zu", p[i], j - i);
            i = j;
            continue;
        }
        if (!in_str) o += snprintf(out + o, cap - o, "%s\"", o ? "+" : "");
        in_str = 1;
        if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
            o += snprintf(out + o, cap - o, "%c", p[i]);
        else
            o += snprintf(out + o, cap - o, "\\x%02x", p[i]);
        i++;
    }
    if (in_str) o += snprintf(out + o, cap - o, "\"");
    if (i < n) snprintf(out + o, cap - o, "+...");
}

static __attribute__((unused)) void check_bytes(const char *what, const void *got, long long gotlen, const void *want,
                        size_t wantlen) {
    static char g[4096], w[4096];
    if (gotlen < 0) {
        check(what, gotlen, (long long)wantlen);
        return;
    }
    int ok = (size_t)gotlen == wantlen && memcmp(got, want, wantlen) == 0;
    summarize(got, (size_t)gotlen, g, sizeof g);
    if (ok) {
        n_pass++;
        printf("PASS %s: %s: got %lld bytes %s\n", cur_test, what, gotlen, g);
    } else {
        n_fail++;
        summarize(want, wantlen, w, sizeof w);
        printf("FAIL %s: %s: got %lld bytes %s, want %zu bytes %s\n", cur_test, what, gotlen, g,
               wantlen, w);
    }
    fflush(stdout);
}

static unsigned char rbuf[1 << 21];

/* read(fd, len) compared with want. */
static __attribute__((unused)) void check_read(const char *what, int fd, size_t len, const void *want, size_t wantlen) {
    long long r = R(read(fd, rbuf, len));
    check_bytes(what, rbuf, r, want, wantlen);
}

static __attribute__((unused)) void check_pread(const char *what, int fd, off_t off, size_t len, const void *want,
                        size_t wantlen) {
    long long r = R(pread(fd, rbuf, len, off));
    check_bytes(what, rbuf, r, want, wantlen);
}

/* A buffer of n copies of c (static, reused: copy it if you need two at once). */
static __attribute__((unused)) unsigned char *fill(size_t n, int c) {
    static unsigned char b[1 << 21];
    memset(b, c, n);
    return b;
}

/* Concatenate runs: fillv(buf, n1, c1, n2, c2, ..., 0) -> total length. */
#include <stdarg.h>
static __attribute__((unused)) size_t runs(unsigned char *buf, ...) {
    va_list ap;
    size_t o = 0;
    va_start(ap, buf);
    for (;;) {
        size_t n = va_arg(ap, size_t);
        if (n == 0) break;
        int c = va_arg(ap, int);
        memset(buf + o, c, n);
        o += n;
    }
    va_end(ap);
    return o;
}

static __attribute__((unused)) void die(const char *what) {
    perror(what);
    exit(2);
}

/*
 * Like the litmus "file F size=N fill=C": a regular file written with 4096-byte
 * pwrite()s (so ext4 caches it in 4 KiB folios, as the simulator does), then opened
 * with `flags` (O_RDONLY, O_WRONLY, O_RDWR, | O_APPEND ...). The file is unlinked;
 * the descriptor keeps it alive.
 */
static __attribute__((unused)) int mkfile_in(const char *dir, size_t size, const void *data, int fillc, int flags) {
    char path[512];
    snprintf(path, sizeof path, "%s/kcheck-XXXXXX", dir);
    int w = mkstemp(path);
    if (w < 0) die("mkstemp");
    unsigned char page[4096];
    for (size_t off = 0; off < size; off += 4096) {
        size_t n = size - off < 4096 ? size - off : 4096;
        if (data)
            memcpy(page, (const unsigned char *)data + off, n);
        else
            memset(page, fillc, n);
        if (pwrite(w, page, n, (off_t)off) != (ssize_t)n) die("pwrite setup");
    }
    int fd = open(path, flags);
    if (fd < 0) die("open");
    close(w);
    unlink(path);
    return fd;
}

static __attribute__((unused)) int mkfile(size_t size, int fillc, int flags) { return mkfile_in(tdir, size, NULL, fillc, flags); }

/* Like "pipe P [size=N] [nonblock]". */
static __attribute__((unused)) void mkpipe(int p[2], int size, int nonblock) {
    if (pipe2(p, nonblock ? O_NONBLOCK : 0) < 0) die("pipe2");
    if (size && fcntl(p[1], F_SETPIPE_SZ, size) < 0) die("F_SETPIPE_SZ");
}

static __attribute__((unused)) long long fionread(int fd) {
    int n;
    if (ioctl(fd, FIONREAD, &n) < 0) return -(long long)errno;
    return n;
}

static __attribute__((unused)) long long fsize(int fd) {
    struct stat st;
    if (fstat(fd, &st) < 0) return -(long long)errno;
    return st.st_size;
}

static __attribute__((unused)) void setup_common(void) {
    signal(SIGPIPE, SIG_IGN); /* the simulator returns EPIPE without SIGPIPE */
    tdir = getenv("KCHECK_DIR");
    if (!tdir) tdir = "/tmp";
    setvbuf(stdout, NULL, _IOLBF, 0);
}

static __attribute__((unused)) int finish(void) {
    printf("%d passed, %d failed\n", n_pass, n_fail);
    return n_fail ? 1 : 0;
}

static void alarm_handler_(int sig) { (void)sig; }

/* A 1 s alarm whose handler does not restart syscalls: a call that blocks returns EINTR. */
static __attribute__((unused)) void arm_alarm_1s(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = alarm_handler_;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
}

/* An fd number that is certainly not open (fd:900 in the litmus files). */
#define BADFD 900

#endif
