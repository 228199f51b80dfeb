/*
 * Pipe sizes: F_GETPIPE_SZ / F_SETPIPE_SZ / FIONREAD and non-blocking writes to a full
 * pipe (SEMANTICS.md §1.2, §2.10; LTP fcntl30, fcntl37, pipe12, pipe15).
 */
#include "check.h"

static void default_size(void) {
    int p[2];
    test("pipe-default-size");
    mkpipe(p, 0, 0);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 65536);
    check("getpipe on the write end", R(fcntl(p[1], F_GETPIPE_SZ)), 65536);
    check("fionread p (empty)", fionread(p[0]), 0);
    close(p[0]);
    close(p[1]);
}

static void rounding(void) {
    int p[2];
    test("pipe-setpipe-rounding");
    mkpipe(p, 0, 0);
    check("setpipe p 1", R(fcntl(p[0], F_SETPIPE_SZ, 1)), 4096);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 4096);
    check("setpipe p 100000", R(fcntl(p[0], F_SETPIPE_SZ, 100000)), 131072);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 131072);
    check("setpipe p 0", R(fcntl(p[0], F_SETPIPE_SZ, 0)), 4096);
    check("setpipe p 8193", R(fcntl(p[1], F_SETPIPE_SZ, 8193)), 16384);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 16384);
    close(p[0]);
    close(p[1]);
}

static void too_large(void) {
    int p[2];
    test("pipe-setpipe-too-large-einval");
    mkpipe(p, 0, 0);
    check("setpipe p 2147483649 (2^31+1)", R(fcntl(p[1], F_SETPIPE_SZ, 2147483649UL)), -EINVAL);
    check("setpipe p 4294967295 (2^32-1)", R(fcntl(p[1], F_SETPIPE_SZ, 4294967295UL)), -EINVAL);
    check("getpipe p (unchanged)", R(fcntl(p[0], F_GETPIPE_SZ)), 65536);
    /* not in the litmus file, supports its comment: the argument is truncated to 32 bits */
    check("setpipe p 4294975488 (2^32+8192, truncated to 8192)", R(fcntl(p[1], F_SETPIPE_SZ, 4294975488UL)), 8192);
    close(p[0]);
    close(p[1]);
}

static void below_occupancy(void) {
    int p[2];
    test("pipe-setpipe-below-occupancy-ebusy");
    mkpipe(p, 0, 0);
    check("write p 'x'*12288 (3 slots)", R(write(p[1], fill(12288, 'x'), 12288)), 12288);
    check("setpipe p 8192 (2 slots < 3 occupied)", R(fcntl(p[1], F_SETPIPE_SZ, 8192)), -EBUSY);
    check("setpipe p 4096", R(fcntl(p[1], F_SETPIPE_SZ, 4096)), -EBUSY);
    check("getpipe p (unchanged)", R(fcntl(p[0], F_GETPIPE_SZ)), 65536);
    check("setpipe p 16384 (4 slots >= 3)", R(fcntl(p[1], F_SETPIPE_SZ, 16384)), 16384);
    check("setpipe p 12288 (rounds to 16384)", R(fcntl(p[1], F_SETPIPE_SZ, 12288)), 16384);
    check("fionread p", fionread(p[0]), 12288);
    check_read("read p 65536", p[0], 65536, fill(12288, 'x'), 12288);
    close(p[0]);
    close(p[1]);

    /* a 100-byte buffer occupies one slot: shrinking to one slot is fine */
    test("pipe-setpipe-shrink-to-occupancy");
    mkpipe(p, 0, 0);
    check("write p 'a'*100", R(write(p[1], fill(100, 'a'), 100)), 100);
    check("write p 'b'*4096 (second slot)", R(write(p[1], fill(4096, 'b'), 4096)), 4096);
    check("setpipe p 4096 (1 slot < 2 occupied)", R(fcntl(p[1], F_SETPIPE_SZ, 4096)), -EBUSY);
    check("setpipe p 8192 (2 slots)", R(fcntl(p[1], F_SETPIPE_SZ, 8192)), 8192);
    check_read("read p 100", p[0], 100, fill(100, 'a'), 100);
    check("setpipe p 4096 (1 slot, 1 occupied)", R(fcntl(p[1], F_SETPIPE_SZ, 4096)), 4096);
    check_read("read p 8192", p[0], 8192, fill(4096, 'b'), 4096);
    close(p[0]);
    close(p[1]);
}

static void ltp_fcntl30(void) {
    int p[2];
    test("ltp-fcntl30-setpipe-max");
    mkpipe(p, 0, 0);
    check("getpipe p", R(fcntl(p[1], F_GETPIPE_SZ)), 65536);
    check("setpipe p 1048576 (pipe-max-size)", R(fcntl(p[1], F_SETPIPE_SZ, 1048576)), 1048576);
    check("getpipe p", R(fcntl(p[1], F_GETPIPE_SZ)), 1048576);
    close(p[0]);
    close(p[1]);
}

static void ltp_fcntl37(void) {
    int p[2];
    test("ltp-fcntl37-setpipe-errnos");
    mkpipe(p, 0, 0);
    check("write p 'x'*65536", R(write(p[1], fill(65536, 'x'), 65536)), 65536);
    check("setpipe p 2147483649 ((1<<31)+1)", R(fcntl(p[1], F_SETPIPE_SZ, (1U << 31) + 1)), -EINVAL);
    check("setpipe p 32768 (half, pipe full)", R(fcntl(p[1], F_SETPIPE_SZ, 32768)), -EBUSY);
    check("getpipe p", R(fcntl(p[1], F_GETPIPE_SZ)), 65536);
    check("fionread p", fionread(p[0]), 65536);
    close(p[0]);
    close(p[1]);
}

static void ltp_pipe12(void) {
    int p1[2], p2[2], p3[2];
    test("ltp-pipe12-nonblock-write");
    /* case 1: write to a full pipe */
    mkpipe(p1, 0, 1);
    check("write p1 'x'*65536", R(write(p1[1], fill(65536, 'x'), 65536)), 65536);
    check("write p1 \"x\" (full)", R(write(p1[1], "x", 1)), -EAGAIN);
    check("fionread p1", fionread(p1[0]), 65536);
    /* case 2: write max+4096 to a pipe holding 1 byte */
    mkpipe(p2, 0, 1);
    check("write p2 \"x\"", R(write(p2[1], "x", 1)), 1);
    check("write p2 'x'*69632", R(write(p2[1], fill(69632, 'x'), 69632)), 61440);
    check("fionread p2", fionread(p2[0]), 61441);
    /* case 3: write max+4096 to an empty pipe */
    mkpipe(p3, 0, 1);
    check("write p3 'x'*69632", R(write(p3[1], fill(69632, 'x'), 69632)), 65536);
    check("fionread p3", fionread(p3[0]), 65536);
    check("write p3 \"x\" (full)", R(write(p3[1], "x", 1)), -EAGAIN);
    for (int i = 0; i < 2; i++) {
        close(p1[i]);
        close(p2[i]);
        close(p3[i]);
    }
}

static void ltp_pipe15(void) {
    int p[2];
    test("ltp-pipe15-two-slot-pipe-no-hang");
    /* the soft-limited pipe of pipe15 has 2 slots (8192 bytes); nonblock here only to
     * turn a hang into EAGAIN in this check */
    mkpipe(p, 8192, 1);
    check("getpipe p", R(fcntl(p[0], F_GETPIPE_SZ)), 8192);
    check("write p 'x'*8192", R(write(p[1], fill(8192, 'x'), 8192)), 8192);
    check_read("read p 8191", p[0], 8191, fill(8191, 'x'), 8191);
    check("write p \"y\" (slot 0 freed)", R(write(p[1], "y", 1)), 1);
    check_read("read p 2", p[0], 2, "xy", 2);
    close(p[0]);
    close(p[1]);

    test("pipe-one-slot-write-after-partial-read-eagain");
    mkpipe(p, 4096, 1);
    check("write p 'x'*4096", R(write(p[1], fill(4096, 'x'), 4096)), 4096);
    check_read("read p 4095", p[0], 4095, fill(4095, 'x'), 4095);
    check("fionread p", fionread(p[0]), 1);
    check("write p \"y\" (no merge past the page end, no free slot)", R(write(p[1], "y", 1)), -EAGAIN);
    check_read("read p 10", p[0], 10, "x", 1);
    check("write p \"y\" (empty again)", R(write(p[1], "y", 1)), 1);
    close(p[0]);
    close(p[1]);
}

static void fionread_sum(void) {
    int p[2];
    test("pipe-fionread-sums-lengths");
    int f = mkfile(8192, 'F', O_RDONLY);
    mkpipe(p, 0, 0);
    check("write p 'w'*100", R(write(p[1], fill(100, 'w'), 100)), 100);
    loff_t off = 4000;
    check("splice f@4000 -> p 200", R(splice(f, &off, p[1], NULL, 200, 0)), 200);
    check("fionread p", fionread(p[0]), 300);
    check_read("read p 50", p[0], 50, fill(50, 'w'), 50);
    check("fionread p", fionread(p[0]), 250);
    close(p[0]);
    close(p[1]);
    close(f);
}

int main(void) {
    setup_common();
    default_size();
    rounding();
    too_large();
    below_occupancy();
    ltp_fcntl30();
    ltp_fcntl37();
    ltp_pipe12();
    ltp_pipe15();
    fionread_sum();
    return finish();
}
