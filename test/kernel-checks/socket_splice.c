/*
 * socket <-> pipe splice (SEMANTICS.md §2.5, §2.6) and LTP splice05.
 * The TCP pair is a loopback connection (127.0.0.1) made by this program.
 */
#include "check.h"
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>

static unsigned char want[1 << 20];

static void on_alarm(int sig) { (void)sig; }

/* Arms a 1 s alarm whose handler does not restart syscalls: a call that blocks returns EINTR. */
static void arm_alarm(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_alarm;
    sigaction(SIGALRM, &sa, NULL);
    alarm(1);
}

static void tcp_pair(int s[2]) {
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t al = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 1) || getsockname(l, (struct sockaddr *)&a, &al))
        die("listen");
    s[0] = socket(AF_INET, SOCK_STREAM, 0);
    if (connect(s[0], (struct sockaddr *)&a, sizeof a)) die("connect");
    s[1] = accept(l, NULL, NULL);
    if (s[1] < 0) die("accept");
    close(l);
}

static void unix_nonblock(void) {
    int p[2], q[2], s[2];
    test("splice-unix-socket-to-pipe-empty-nonblock-eagain");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    check("splice s.1 -> p 100 nonblock (socket empty)", R(splice(s[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("splice s.1 -> q 100 (socket empty, q O_NONBLOCK)", R(splice(s[1], NULL, q[1], NULL, 100, 0)), -EAGAIN);
    arm_alarm();
    check("splice s.1 -> p 100 (socket empty, all blocking: blocks -> EINTR by alarm)", R(splice(s[1], NULL, p[1], NULL, 100, 0)), -EINTR);
    alarm(0);
    check("write s.0 \"hello\"", R(write(s[0], "hello", 5)), 5);
    check("splice s.1 -> p 100 nonblock (data queued)", R(splice(s[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), 5);
    check_read("read p 100", p[0], 100, "hello", 5);
    close(s[0]);
    check("splice s.1 -> p 100 (peer closed: EOF)", R(splice(s[1], NULL, p[1], NULL, 100, 0)), 0);
    close(s[1]);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void tcp_nonblock(void) {
    int p[2], q[2], s[2], t[2];
    test("splice-tcp-socket-to-pipe-nonblock-flag-still-blocks");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    tcp_pair(s);
    tcp_pair(t);
    arm_alarm();
    check("r0 = splice s.1 -> p 100 nonblock (blocking TCP socket, empty: blocks -> EINTR by alarm)",
          R(splice(s[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), -EINTR);
    arm_alarm();
    check("r1 = splice t.1 -> q 100 (q O_NONBLOCK, socket blocking: blocks -> EINTR by alarm)",
          R(splice(t[1], NULL, q[1], NULL, 100, 0)), -EINTR);
    alarm(0);
    close(t[0]);
    close(t[1]);
    check("write s.0 \"hello\"", R(write(s[0], "hello", 5)), 5);
    usleep(100000);
    check("splice s.1 -> p 100 nonblock (data queued)", R(splice(s[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), 5);
    check_read("read p 100", p[0], 100, "hello", 5);
    close(s[0]);
    close(s[1]);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
    }
}

static void ltp_splice05(void) {
    int p[2], q[2], s[2];
    test("ltp-splice05-pipe-socket-pipe");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    for (int k = 0; k < 16; k++) memset(want + 4096 * k, 'A' + k, 4096);
    check("write p1 (65536 bytes)", R(write(p[1], want, 65536)), 65536);
    check("splice p1 -> s.0 65536", R(splice(p[0], NULL, s[0], NULL, 65536, 0)), 65536);
    check("fionread p1", fionread(p[0]), 0);
    check("splice s.1 -> p2 65536", R(splice(s[1], NULL, q[1], NULL, 65536, 0)), 65536);
    check_read("read p2 65536", q[0], 65536, want, 65536);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
        close(s[i]);
    }

    test("ltp-splice05-pipe-socket-pipe-pattern");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    for (int i = 0; i < 65536; i++) want[i] = i & 0xff;
    check("write p1 (65536 bytes i&0xff)", R(write(p[1], want, 65536)), 65536);
    check("splice p1 -> s.0 65536", R(splice(p[0], NULL, s[0], NULL, 65536, 0)), 65536);
    check("splice s.1 -> p2 65536", R(splice(s[1], NULL, q[1], NULL, 65536, 0)), 65536);
    check_read("read p2 65536", q[0], 65536, want, 65536);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
        close(s[i]);
    }
}

static void file_through_socket(void) {
    int p[2], q[2], s[2];
    /* §2.6: pipe -> socket hands page refs to the skb; a page-cache page stays shared */
    test("splice-file-pipe-unix-socket-then-pwrite");
    int f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) die("socketpair");
    check("splice f -> p 4096", R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    check("splice p -> s.0 4096", R(splice(p[0], NULL, s[0], NULL, 4096, 0)), 4096);
    check("pwrite f@0 \"BB\"", R(pwrite(f, "BB", 2, 0)), 2);
    size_t n = runs(want, (size_t)2, 'B', (size_t)4094, 'A', (size_t)0);
    check_read("read s.1 4096", s[1], 4096, want, n);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(q[i]);
        close(s[i]);
    }
    close(f);
}

/*
 * A blocking splice pipe -> socket into a full socket returns only when all of it is queued: a reader
 * that makes room for part of it (1000 bytes) does not end the call; draining the socket does.
 */
static int drain_fd;
static volatile int drained_all;

static void *slow_reader(void *arg) {
    (void)arg;
    usleep(200000);
    if (read(drain_fd, rbuf, 1000) != 1000) die("read 1000");
    usleep(300000);
    drained_all = 1;
    fcntl(drain_fd, F_SETFL, O_NONBLOCK);
    while (read(drain_fd, rbuf, sizeof rbuf) > 0) {
    }
    return NULL;
}

static void blocking_splice_waits_for_all(int tcp) {
    int s[2], p[2];
    if (tcp) {
        tcp_pair(s);
    } else if (socketpair(AF_UNIX, SOCK_STREAM, 0, s)) {
        die("socketpair");
    }
    test(tcp ? "c-only-splice-pipe-to-tcp-socket-blocking-waits-for-all"
             : "c-only-splice-pipe-to-unix-socket-blocking-waits-for-all");
    fcntl(s[0], F_SETFL, O_NONBLOCK);
    while (write(s[0], fill(4096, 'x'), 4096) > 0) {
    }
    fcntl(s[0], F_SETFL, 0);
    mkpipe(p, 0, 0);
    if (write(p[1], fill(8192, 'A'), 8192) != 8192) die("fill pipe");
    drain_fd = s[1];
    drained_all = 0;
    pthread_t t;
    pthread_create(&t, NULL, slow_reader, NULL);
    long long n = R(splice(p[0], NULL, s[0], NULL, 8192, 0));
    check("splice p -> s.0 8192 into a full socket (returns all)", n, 8192);
    check("it returned only after the reader drained the socket, not after a 1000-byte read", drained_all, 1);
    pthread_join(t, NULL);
    for (int i = 0; i < 2; i++) {
        close(p[i]);
        close(s[i]);
    }
}

int main(void) {
    setup_common();
    blocking_splice_waits_for_all(0);
    blocking_splice_waits_for_all(1);
    unix_nonblock();
    tcp_nonblock();
    ltp_splice05();
    file_through_socket();
    return finish();
}
