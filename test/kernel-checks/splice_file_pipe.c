/*
 * file -> pipe splice (SEMANTICS.md §2.1) and sendfile with a pipe as output (§2.9).
 * The truncate checks run on ext4 (/tmp) and tmpfs (/dev/shm).
 */
#include "check.h"

static unsigned char want[1 << 20];

static void eof(void) {
    int p[2];
    test("splice-file-to-pipe-eof");
    int f = mkfile(5000, 'A', O_RDONLY);
    mkpipe(p, 0, 0);
    check("splice f -> p 8192 (stops at EOF)", R(splice(f, NULL, p[1], NULL, 8192, 0)), 5000);
    check("splice f -> p 8192 (at EOF)", R(splice(f, NULL, p[1], NULL, 8192, 0)), 0);
    loff_t off = 5000;
    check("splice f@5000 -> p 10", R(splice(f, &off, p[1], NULL, 10, 0)), 0);
    off = 9000;
    check("splice f@9000 -> p 10 (past EOF)", R(splice(f, &off, p[1], NULL, 10, 0)), 0);
    check("fionread p", fionread(p[0]), 5000);
    check_read("read p 8192", p[0], 8192, fill(5000, 'A'), 5000);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void position(void) {
    int p[2];
    test("splice-file-to-pipe-position");
    static const char data[] = "0123456789abcdefghij";
    int f = mkfile_in(tdir, 20, data, 0, O_RDONLY);
    mkpipe(p, 0, 0);
    check("splice f -> p 4", R(splice(f, NULL, p[1], NULL, 4, 0)), 4);
    loff_t off = 10;
    check("splice f@10 -> p 3", R(splice(f, &off, p[1], NULL, 3, 0)), 3);
    check("off_in advanced to 13 (the position did not move)", off, 13);
    check("splice f -> p 2 (position 4)", R(splice(f, NULL, p[1], NULL, 2, 0)), 2);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 6);
    check_read("read p 100", p[0], 100, "0123abc45", 9);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void no_readers(void) {
    int p[2], q[2];
    test("splice-file-to-pipe-no-readers-epipe");
    int f = mkfile_in(tdir, 10, "0123456789", 0, O_RDONLY);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    close(p[0]);
    check("splice f -> p 100 (no readers)", R(splice(f, NULL, p[1], NULL, 100, 0)), -EPIPE);
    check("sendfile f -> p 100 (no readers)", R(sendfile(p[1], f, NULL, 100)), -EPIPE);
    check("write p \"x\" (no readers)", R(write(p[1], "x", 1)), -EPIPE);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 0);
    check("splice f -> q 4 (position still 0)", R(splice(f, NULL, q[1], NULL, 4, 0)), 4);
    check_read("read q 10", q[0], 10, "0123", 4);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(f);
}

static void full_nonblock(void) {
    int p[2], q[2], t[2];
    test("splice-file-to-pipe-full-nonblock-eagain");
    int f = mkfile_in(tdir, 10, "0123456789", 0, O_RDONLY);
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 1);
    mkpipe(t, 0, 0);
    check("write p 'x'*65536", R(write(p[1], fill(65536, 'x'), 65536)), 65536);
    check("splice f -> p 100 nonblock (full)", R(splice(f, NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("write q 'x'*65536", R(write(q[1], fill(65536, 'x'), 65536)), 65536);
    check("splice f -> q 100 (full, q O_NONBLOCK)", R(splice(f, NULL, q[1], NULL, 100, 0)), -EAGAIN);
    check("sendfile f -> q 100 (full, q O_NONBLOCK)", R(sendfile(q[1], f, NULL, 100)), -EAGAIN);
    check("lseek(f, 0, SEEK_CUR)", R(lseek(f, 0, SEEK_CUR)), 0);
    check("splice f -> t 4 (position still 0)", R(splice(f, NULL, t[1], NULL, 4, 0)), 4);
    check_read("read t 10", t[0], 10, "0123", 4);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    close(t[0]);
    close(t[1]);
    close(f);
}

static void capped(void) {
    int p[2];
    test("splice-file-to-pipe-capped-by-free-slots");
    int f = mkfile(65536, 'A', O_RDONLY);
    mkpipe(p, 8192, 0);
    check("write p 'w'*100", R(write(p[1], fill(100, 'w'), 100)), 100);
    check("splice f -> p 65536 (1 free slot)", R(splice(f, NULL, p[1], NULL, 65536, 0)), 4096);
    check("splice f -> p 65536 nonblock (full)", R(splice(f, NULL, p[1], NULL, 65536, SPLICE_F_NONBLOCK)), -EAGAIN);
    check("fionread p", fionread(p[0]), 4196);
    size_t n = runs(want, (size_t)100, 'w', (size_t)4096, 'A', (size_t)0);
    check_read("read p 8192", p[0], 8192, want, n);
    /* unaligned start: 2 free slots, offset 4000 -> 96 + 4096 bytes */
    check("splice f -> p 65536 (pos 4096, 2 free slots)", R(splice(f, NULL, p[1], NULL, 65536, 0)), 8192);
    check_read("read p 8192", p[0], 8192, fill(8192, 'A'), 8192);
    loff_t off = 4000;
    check("splice f@4000 -> p 65536 (2 free slots, unaligned)", R(splice(f, &off, p[1], NULL, 65536, 0)), 4192);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void pwrite_visible(void) {
    int p[2];
    test("splice-file-to-pipe-then-pwrite-visible");
    int f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    check("splice f@0 -> p 4096", R(({ loff_t o = 0; splice(f, &o, p[1], NULL, 4096, 0); })), 4096);
    check("pwrite f@0 'B'*4096", R(pwrite(f, fill(4096, 'B'), 4096, 0)), 4096);
    check_read("read p 1", p[0], 1, "B", 1);
    check_read("read p 4095", p[0], 4095, fill(4095, 'B'), 4095);
    close(p[0]);
    close(p[1]);
    close(f);

    test("splice-file-to-pipe-then-pwrite-partial-visible");
    f = mkfile(8192, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    loff_t off = 2048;
    check("splice f@2048 -> p 4096", R(splice(f, &off, p[1], NULL, 4096, 0)), 4096);
    check("pwrite f@3000 'B'*2000", R(pwrite(f, fill(2000, 'B'), 2000, 3000)), 2000);
    size_t n = runs(want, (size_t)952, 'A', (size_t)2000, 'B', (size_t)1144, 'A', (size_t)0);
    check_read("read p 4096", p[0], 4096, want, n);
    close(p[0]);
    close(p[1]);
    close(f);

    test("sendfile-file-to-pipe-then-pwrite-visible");
    f = mkfile(4096, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    check("sendfile f -> p 4096", R(sendfile(p[1], f, NULL, 4096)), 4096);
    check("pwrite f@0 'B'*10", R(pwrite(f, fill(10, 'B'), 10, 0)), 10);
    n = runs(want, (size_t)10, 'B', (size_t)4086, 'A', (size_t)0);
    check_read("read p 4096", p[0], 4096, want, n);
    close(p[0]);
    close(p[1]);
    close(f);
}

static void truncate_cases(const char *dir, const char *fs) {
    int p[2];
    char what[200];
    size_t n;
    test("splice-file-to-pipe-then-truncate-old-data");
    int f = mkfile_in(dir, 4096, NULL, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    snprintf(what, sizeof what, "[%s] splice f -> p 4096", fs);
    check(what, R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    snprintf(what, sizeof what, "[%s] truncate f 0", fs);
    check(what, R(ftruncate(f, 0)), 0);
    snprintf(what, sizeof what, "[%s] size f", fs);
    check(what, fsize(f), 0);
    snprintf(what, sizeof what, "[%s] read p 4096 (old data: page wholly removed)", fs);
    check_read(what, p[0], 4096, fill(4096, 'A'), 4096);
    close(p[0]);
    close(p[1]);
    close(f);

    test("splice-file-to-pipe-then-truncate-straddling-zeroed");
    f = mkfile_in(dir, 4096, NULL, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    snprintf(what, sizeof what, "[%s] splice f -> p 4096", fs);
    check(what, R(splice(f, NULL, p[1], NULL, 4096, 0)), 4096);
    snprintf(what, sizeof what, "[%s] truncate f 100", fs);
    check(what, R(ftruncate(f, 100)), 0);
    n = runs(want, (size_t)100, 'A', (size_t)3996, 0, (size_t)0);
    snprintf(what, sizeof what, "[%s] read p 4096 (straddling page zeroed in place)", fs);
    check_read(what, p[0], 4096, want, n);
    close(p[0]);
    close(p[1]);
    close(f);

    test("splice-file-to-pipe-then-truncate-two-pages");
    f = mkfile_in(dir, 8192, NULL, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    snprintf(what, sizeof what, "[%s] splice f -> p 8192 (file written in 4 KiB pieces)", fs);
    check(what, R(splice(f, NULL, p[1], NULL, 8192, 0)), 8192);
    snprintf(what, sizeof what, "[%s] truncate f 6000", fs);
    check(what, R(ftruncate(f, 6000)), 0);
    n = runs(want, (size_t)6000, 'A', (size_t)2192, 0, (size_t)0);
    snprintf(what, sizeof what, "[%s] read p 8192", fs);
    check_read(what, p[0], 8192, want, n);
    snprintf(what, sizeof what, "[%s] splice f@0 -> p 8192 again", fs);
    check(what, R(({ loff_t o = 0; splice(f, &o, p[1], NULL, 8192, 0); })), 6000);
    snprintf(what, sizeof what, "[%s] truncate f 4096", fs);
    check(what, R(ftruncate(f, 4096)), 0);
    snprintf(what, sizeof what, "[%s] read p 8192 (page 1 wholly removed: old contents)", fs);
    check_read(what, p[0], 8192, fill(6000, 'A'), 6000);
    close(p[0]);
    close(p[1]);
    close(f);

    /* informational: one 64 KiB write (large folio on ext4) then truncate(4096) */
    test("info-truncate-large-folio");
    {
        char path[512];
        snprintf(path, sizeof path, "%s/kcheck-XXXXXX", dir);
        int w = mkstemp(path);
        if (write(w, fill(65536, 'A'), 65536) != 65536) die("write");
        f = open(path, O_RDWR);
        close(w);
        unlink(path);
    }
    mkpipe(p, 0, 0);
    splice(f, NULL, p[1], NULL, 65536, 0);
    if (ftruncate(f, 4096)) die("ftruncate");
    long long r = R(read(p[0], rbuf, 65536));
    long long zeros = 0;
    for (long long i = 0; i < r; i++) zeros += rbuf[i] == 0;
    printf("INFO [%s] 64 KiB file written at once, spliced, truncate(4096): pipe has %lld bytes, %lld zero bytes\n",
           fs, r, zeros);
    close(p[0]);
    close(p[1]);
    close(f);
}

int main(void) {
    setup_common();
    eof();
    position();
    no_readers();
    full_nonblock();
    capped();
    pwrite_visible();
    truncate_cases("/tmp", "ext4 /tmp");
    truncate_cases("/dev/shm", "tmpfs /dev/shm");
    return finish();
}
