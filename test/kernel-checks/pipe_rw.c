/*
 * read()/write() on pipes (SEMANTICS.md §2.10): merge rules, EOF/EAGAIN/EPIPE,
 * no merge into page-cache buffers (LTP dirtypipe), and O_DIRECT packet reads
 * (checked here only: litmus pipes have no O_DIRECT option).
 */
#include "check.h"

static unsigned char want[1 << 20];

static void merge_one_slot(void) {
    int p[2];
    test("pipe-write-merge-one-slot");
    int f = mkfile(4096, 'F', O_RDONLY);
    mkpipe(p, 4096, 1);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 4096);
    check("write p 'a'*100", R(write(p[1], fill(100, 'a'), 100)), 100);
    check("write p 'b'*100 (merges into slot 0)", R(write(p[1], fill(100, 'b'), 100)), 100);
    check("write p 'c'*4000 (200+4000 > 4096: no merge, no slot)", R(write(p[1], fill(4000, 'c'), 4000)), -EAGAIN);
    check("write p 'd'*3896 (fits exactly)", R(write(p[1], fill(3896, 'd'), 3896)), 3896);
    check("fionread p", fionread(p[0]), 4096);
    check("write p \"e\" (full)", R(write(p[1], "e", 1)), -EAGAIN);
    size_t n = runs(want, (size_t)100, 'a', (size_t)100, 'b', (size_t)3896, 'd', (size_t)0);
    check_read("read p 4096", p[0], 4096, want, n);
    check("splice f -> p 1", R(splice(f, NULL, p[1], NULL, 1, 0)), 1);
    check("write p 'x'*16 (no merge into a page-cache buffer)", R(write(p[1], fill(16, 'x'), 16)), -EAGAIN);
    check_pread("pread f@0 4096 (file unchanged)", f, 0, 4096, fill(4096, 'F'), 4096);
    check_read("read p 100", p[0], 100, "F", 1);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void merge_rules(void) {
    int p[2];
    test("pipe-write-page-multiple-does-not-merge");
    mkpipe(p, 8192, 1);
    check("write p 'a'*100", R(write(p[1], fill(100, 'a'), 100)), 100);
    check("write p 'b'*4096 (r = 0: new slot)", R(write(p[1], fill(4096, 'b'), 4096)), 4096);
    check("write p \"c\" (newest buffer full, no slot)", R(write(p[1], "c", 1)), -EAGAIN);
    check("fionread p", fionread(p[0]), 4196);
    close(p[0]);
    close(p[1]);

    test("pipe-write-merges-first-remainder-bytes");
    mkpipe(p, 8192, 1);
    check("write p 'a'*100", R(write(p[1], fill(100, 'a'), 100)), 100);
    /* 4196 = 4096 + 100: the first 100 bytes merge into slot 0, 4096 go to slot 1 */
    size_t n = runs(want, (size_t)100, 'b', (size_t)4096, 'c', (size_t)0);
    check("write p 'b'*100+'c'*4096", R(write(p[1], want, n)), 4196);
    check("fionread p", fionread(p[0]), 4296);
    n = runs(want, (size_t)100, 'a', (size_t)100, 'b', (size_t)4096, 'c', (size_t)0);
    check_read("read p 8192", p[0], 8192, want, n);
    close(p[0]);
    close(p[1]);
}

static void read_rules(void) {
    int p[2], q[2];
    test("pipe-read-empty-eof-eagain");
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    check("read q 10 (empty, q O_NONBLOCK)", R(read(q[0], rbuf, 10)), -EAGAIN);
    check("write p \"abc\"", R(write(p[1], "abc", 3)), 3);
    check_read("read p 0", p[0], 0, "", 0);
    check_read("read p 10 (returns what is queued)", p[0], 10, "abc", 3);
    check("close p.w", R(close(p[1])), 0);
    check_read("read p 10 (empty, no writers: EOF)", p[0], 10, "", 0);
    close(p[0]);
    close(q[0]);
    close(q[1]);

    test("pipe-write-no-readers-epipe");
    mkpipe(p, 0, 0);
    close(p[0]);
    check("write p \"abc\" (no readers)", R(write(p[1], "abc", 3)), -EPIPE);
    check("write p \"\" (0 bytes: 0 before the readers check)", R(write(p[1], "", 0)), 0);
    close(p[1]);
}

static void dirtypipe(void) {
    int p[2];
    test("ltp-dirtypipe-file-unchanged");
    int f = mkfile(4096, 0xff, O_RDONLY);
    mkpipe(p, 0, 0);
    for (int i = 0; i < 16; i++) check("write p 'z'*4096", R(write(p[1], fill(4096, 'z'), 4096)), 4096);
    for (int i = 0; i < 16; i++) check_read("read p 4096", p[0], 4096, fill(4096, 'z'), 4096);
    check("splice f -> p 1", R(splice(f, NULL, p[1], NULL, 1, 0)), 1);
    check("write p \"AAAAAAAABBBBBBBB\"", R(write(p[1], "AAAAAAAABBBBBBBB", 16)), 16);
    check_pread("pread f@0 4096 (unchanged)", f, 0, 4096, fill(4096, 0xff), 4096);
    check_read("read p 100", p[0], 100, "\xff" "AAAAAAAABBBBBBBB", 17);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void packet(void) {
    int p[2];
    test("c-only-odirect-pipe-packet-read");
    if (pipe2(p, O_DIRECT)) die("pipe2 O_DIRECT");
    check("write p 'a'*100", R(write(p[1], fill(100, 'a'), 100)), 100);
    check("write p 'b'*100 (a new packet: no merge)", R(write(p[1], fill(100, 'b'), 100)), 100);
    check("fionread p", fionread(p[0]), 200);
    check_read("read p 1000 (one packet)", p[0], 1000, fill(100, 'a'), 100);
    check_read("read p 50 (rest of the packet dropped)", p[0], 50, fill(50, 'b'), 50);
    check("fionread p", fionread(p[0]), 0);
    close(p[0]);
    close(p[1]);
}

int main(void) {
    setup_common();
    merge_one_slot();
    merge_rules();
    read_rules();
    dirtypipe();
    packet();
    return finish();
}
