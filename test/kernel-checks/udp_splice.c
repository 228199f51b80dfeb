/*
 * UDP sockets as a splice source and sink (issue 13 part 1): two AF_INET datagram sockets on
 * 127.0.0.1, each bound and connected to the other (the litmus "socketpair S udp").
 * Datagram boundaries, blocking, merging, pipe -> UDP, sendfile -> UDP, MSG_MORE corking.
 */
#include "check.h"
#include <netinet/in.h>
#include <arpa/inet.h>

static unsigned char want[1 << 17];

static void udp_pair(int s[2], int nonblock) {
    struct sockaddr_in a[2];
    socklen_t l = sizeof a[0];
    for (int i = 0; i < 2; i++) {
        s[i] = socket(AF_INET, SOCK_DGRAM | (nonblock ? SOCK_NONBLOCK : 0), 0);
        memset(&a[i], 0, sizeof a[i]);
        a[i].sin_family = AF_INET;
        a[i].sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (s[i] < 0 || bind(s[i], (struct sockaddr *)&a[i], sizeof a[i]) || getsockname(s[i], (struct sockaddr *)&a[i], &l))
            die("udp socket");
    }
    if (connect(s[0], (struct sockaddr *)&a[1], sizeof a[1]) || connect(s[1], (struct sockaddr *)&a[0], sizeof a[0]))
        die("udp connect");
}

static void closeall(int *fds, int n) {
    for (int i = 0; i < n; i++) close(fds[i]);
}

static void one_datagram_per_splice(void) {
    int s[2], p[2];
    test("udp-splice-one-datagram-per-splice");
    udp_pair(s, 0);
    mkpipe(p, 0, 0);
    check("write s.0 \"aa\"", R(write(s[0], "aa", 2)), 2);
    check("write s.0 \"bb\"", R(write(s[0], "bb", 2)), 2);
    check("write s.0 \"ccccc\"", R(write(s[0], "ccccc", 5)), 5);
    check("fionread s.1 (the first datagram)", fionread(s[1]), 2);
    check("splice s.1 -> p 100", R(splice(s[1], NULL, p[1], NULL, 100, 0)), 2);
    check("splice s.1 -> p 100", R(splice(s[1], NULL, p[1], NULL, 100, 0)), 2);
    check("splice s.1 -> p 2 (of \"ccccc\")", R(splice(s[1], NULL, p[1], NULL, 2, 0)), 2);
    check("fionread s.1 (the rest of \"ccccc\" was dropped)", fionread(s[1]), 0);
    check_read("read p 100", p[0], 100, "aabbcc", 6);
    check("write s.0 \"hello\"", R(write(s[0], "hello", 5)), 5);
    check("write s.0 \"world\"", R(write(s[0], "world", 5)), 5);
    check_read("read s.1 2", s[1], 2, "he", 2);
    check_read("read s.1 100", s[1], 100, "world", 5);
    check("write s.0 \"\" (an empty datagram)", R(write(s[0], "", 0)), 0);
    check("splice s.1 -> p 100 (the empty datagram)", R(splice(s[1], NULL, p[1], NULL, 100, 0)), 0);
    closeall(s, 2);
    closeall(p, 2);
}

static void blocking(void) {
    int s[2], t[2], p[2], q[2];
    test("udp-splice-blocking-socket-nonblock-flag-still-sleeps");
    udp_pair(s, 0);
    udp_pair(t, 0);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    arm_alarm_1s();
    check("r0 = splice s.1 -> p 100 nonblock (empty blocking socket: sleeps -> EINTR by alarm)",
          R(splice(s[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), -EINTR);
    arm_alarm_1s();
    check("r1 = splice t.1 -> q 100 (q O_NONBLOCK: sleeps -> EINTR by alarm)", R(splice(t[1], NULL, q[1], NULL, 100, 0)), -EINTR);
    alarm(0);
    closeall(s, 2);
    closeall(t, 2);
    closeall(p, 2);
    closeall(q, 2);

    test("udp-splice-nonblocking-socket-eagain");
    udp_pair(t, 1);
    mkpipe(p, 0, 0);
    check("splice t.1 -> p 100", R(splice(t[1], NULL, p[1], NULL, 100, 0)), -EAGAIN);
    check("splice t.1 -> p 100 nonblock", R(splice(t[1], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("read t.1 10", R(read(t[1], rbuf, 10)), -EAGAIN);
    check("write t.0 \"hi\"", R(write(t[0], "hi", 2)), 2);
    check("splice t.1 -> p 100", R(splice(t[1], NULL, p[1], NULL, 100, 0)), 2);
    check_read("read p 100", p[0], 100, "hi", 2);
    closeall(t, 2);
    closeall(p, 2);
}

static void not_mergeable(void) {
    int s[2], r[2];
    test("udp-spliced-buffer-not-mergeable");
    udp_pair(s, 0);
    mkpipe(r, 4096, 1);
    check("write s.0 \"abc\"", R(write(s[0], "abc", 3)), 3);
    check("splice s.1 -> r 100", R(splice(s[1], NULL, r[1], NULL, 100, 0)), 3);
    check("write r \"def\" (one slot, no merge: EAGAIN)", R(write(r[1], "def", 3)), -EAGAIN);
    check_read("read r 100", r[0], 100, "abc", 3);
    check("write s.0 'x'*8000", R(write(s[0], fill(8000, 'x'), 8000)), 8000);
    check("write s.0 \"yy\"", R(write(s[0], "yy", 2)), 2);
    check("splice s.1 -> r 100000 (one slot: 4096, the rest dropped)", R(splice(s[1], NULL, r[1], NULL, 100000, 0)), 4096);
    check_read("read r 10000", r[0], 10000, fill(4096, 'x'), 4096);
    check("splice s.1 -> r 100000", R(splice(s[1], NULL, r[1], NULL, 100000, 0)), 2);
    check_read("read r 100", r[0], 100, "yy", 2);
    closeall(s, 2);
    closeall(r, 2);
}

static void pipe_to_udp(void) {
    int s[2], p[2];
    test("udp-splice-pipe-to-udp-one-datagram");
    udp_pair(s, 0);
    mkpipe(p, 0, 0);
    check("write p \"aa\"", R(write(p[1], "aa", 2)), 2);
    check("write p \"bb\"", R(write(p[1], "bb", 2)), 2);
    check("write p \"cc\"", R(write(p[1], "cc", 2)), 2);
    check("splice p -> s.0 100 (three buffers, one datagram)", R(splice(p[0], NULL, s[0], NULL, 100, 0)), 6);
    check_read("read s.1 100", s[1], 100, "aabbcc", 6);
    check("write p \"aabbcc\"", R(write(p[1], "aabbcc", 6)), 6);
    check("splice p -> s.0 3", R(splice(p[0], NULL, s[0], NULL, 3, 0)), 3);
    check_read("read s.1 100", s[1], 100, "aab", 3);
    check_read("read p 100", p[0], 100, "bcc", 3);
    check("write p 'z'*65536", R(write(p[1], fill(65536, 'z'), 65536)), 65536);
    check("splice p -> s.0 65536 (over 65507)", R(splice(p[0], NULL, s[0], NULL, 65536, 0)), -EMSGSIZE);
    check("fionread p (nothing taken)", fionread(p[0]), 65536);
    check("splice p -> s.0 65507", R(splice(p[0], NULL, s[0], NULL, 65507, 0)), 65507);
    check("fionread p", fionread(p[0]), 29);
    check("fionread s.1", fionread(s[1]), 65507);
    check_read("read s.1 70000", s[1], 70000, fill(65507, 'z'), 65507);
    check_read("read p 100", p[0], 100, fill(29, 'z'), 29);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check("splice p -> s.0 3 more (corked)", R(splice(p[0], NULL, s[0], NULL, 3, SPLICE_F_MORE)), 3);
    check("fionread s.1 (nothing sent yet)", fionread(s[1]), 0);
    check("write s.0 \"xy\" (completes the datagram)", R(write(s[0], "xy", 2)), 2);
    check_read("read s.1 100", s[1], 100, "abcxy", 5);
    closeall(s, 2);
    closeall(p, 2);
}

static void sendfile_to_udp(void) {
    int s[2], q[2];
    test("udp-sendfile-file-to-udp");
    udp_pair(s, 0);
    mkpipe(q, 0, 1);
    int f = mkfile(200000, 'F', O_RDWR);
    off_t o;
    check("sendfile f -> s.0 8192", R(sendfile(s[0], f, NULL, 8192)), 8192);
    check("fionread s.1", fionread(s[1]), 8192);
    check_read("read s.1 70000", s[1], 70000, fill(8192, 'F'), 8192);
    check("sendfile f -> s.0 65536 (one chunk over 65507)", R(sendfile(s[0], f, NULL, 65536)), -EMSGSIZE);
    check("sendfile f -> s.0 100000 (a first chunk of 65536 over 65507)", R(sendfile(s[0], f, NULL, 100000)), -EMSGSIZE);
    check("lseek f (unmoved)", R(lseek(f, 0, SEEK_CUR)), 8192);
    o = 100;
    check("sendfile f@100 -> s.0 65600 (65436 corked, the next chunk over 65507)", R(sendfile(s[0], f, &o, 65600)), 65436);
    check("fionread s.1 (the corked chunk was dropped)", fionread(s[1]), 0);
    o = 100;
    check("sendfile f@100 -> s.0 65507 (two chunks, one datagram)", R(sendfile(s[0], f, &o, 65507)), 65507);
    check("fionread s.1", fionread(s[1]), 65507);
    check("sendfile s.1 -> q 100000 (UDP -> pipe)", R(sendfile(q[1], s[1], NULL, 100000)), 65507);
    check("fionread q", fionread(q[0]), 65507);
    closeall(s, 2);
    closeall(q, 2);
    close(f);

    int p[2];
    test("udp-sendfile-then-pwrite-visible");
    udp_pair(s, 0);
    mkpipe(p, 0, 0);
    f = mkfile(4096, 'A', O_RDWR);
    o = 0;
    check("sendfile f@0 -> s.0 4096", R(sendfile(s[0], f, &o, 4096)), 4096);
    check("pwrite f@0 'B'*10", R(pwrite(f, fill(10, 'B'), 10, 0)), 10);
    check_read("read s.1 10 (the skb holds the page-cache page)", s[1], 10, fill(10, 'B'), 10);
    loff_t lo = 0;
    check("splice f@0 -> p 4096", R(splice(f, &lo, p[1], NULL, 4096, 0)), 4096);
    check("splice p -> s.0 4096", R(splice(p[0], NULL, s[0], NULL, 4096, 0)), 4096);
    check("pwrite f@0 'C'*10", R(pwrite(f, fill(10, 'C'), 10, 0)), 10);
    check_read("read s.1 10", s[1], 10, fill(10, 'C'), 10);
    check("write s.0 'u'*4096", R(write(s[0], fill(4096, 'u'), 4096)), 4096);
    check("splice s.1 -> p 4096 (copied: copy_splice_read)", R(splice(s[1], NULL, p[1], NULL, 4096, 0)), 4096);
    check_read("read p 10", p[0], 10, fill(10, 'u'), 10);
    closeall(s, 2);
    closeall(p, 2);
    close(f);
}

static void errnos(void) {
    int s[2], p[2];
    test("udp-errnos");
    udp_pair(s, 0);
    mkpipe(p, 0, 0);
    int f = mkfile(4096, 'F', O_RDWR);
    loff_t o = 0;
    check("splice f -> s.0 100 (file -> socket)", R(splice(f, NULL, s[0], NULL, 100, 0)), -EINVAL);
    check("tee s.1 -> p 100", R(tee(s[1], p[1], 100, 0)), -EINVAL);
    check("sendfile s.1 -> s.0 100 (socket as input)", R(sendfile(s[0], s[1], NULL, 100)), -EINVAL);
    check("splice s.1@0 -> p 10", R(splice(s[1], &o, p[1], NULL, 10, 0)), -EINVAL);
    check("write p \"q\"", R(write(p[1], "q", 1)), 1);
    o = 0;
    check("splice p -> s.0@0 10", R(splice(p[0], NULL, s[0], &o, 10, 0)), -EINVAL);
    struct iovec v = {want, 10};
    check("vmsplice M -> s.0 10", R(vmsplice(s[0], &v, 1, 0)), -EBADF);
    check("write s.0 'w'*65508", R(write(s[0], fill(65508, 'w'), 65508)), -EMSGSIZE);
    check("write s.0 'w'*65507", R(write(s[0], fill(65507, 'w'), 65507)), 65507);
    check_read("read s.1 70000", s[1], 70000, fill(65507, 'w'), 65507);
    check("fionread s.1 (empty)", fionread(s[1]), 0);
    check("pread s.1@0 10", R(pread(s[1], rbuf, 10, 0)), -ESPIPE);
    closeall(s, 2);
    closeall(p, 2);
    close(f);
}

int main(void) {
    setup_common();
    one_datagram_per_splice();
    blocking();
    not_mergeable();
    pipe_to_udp();
    sendfile_to_udp();
    errnos();
    return finish();
}
