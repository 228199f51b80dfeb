/*
 * splice file -> pipe racing ftruncate(f, 0) from another thread (SEMANTICS.md §2.1, R3).
 * Each iteration: the file is rewritten as N pages of one letter (4 KiB pwrites, so 4 KiB
 * folios; the letter changes every iteration), then thread S does
 * splice(f, &off=0, p, N*4096) (N = 16, 64-page pipe: 16 and 64) while the main thread does ftruncate(f, 0) after a varying
 * delay (sometimes S is delayed instead), and S reads the whole pipe. Racy: the outcomes
 * (full, short, 0, errors; old data or zeros) are INFO counts. PASS lines state only the
 * guaranteed part: the pipe yields exactly what splice returned, and every byte is the
 * iteration's letter or zero. Runs on KCHECK_DIR (default /tmp, ext4) and /dev/shm (tmpfs).
 * Build: gcc -O2 -Wall -pthread -o /tmp/kc_truncate_race truncate_race.c
 */
#include "check.h"
#include <pthread.h>
#include <sched.h>

#define MAXPAGES 64
static int PAGES, LEN, ITERS; /* per configuration */

/* A two-party spin barrier. No PAUSE in the loops: in this VM a PAUSE loop makes the
 * hypervisor deschedule the vCPU (pause-loop exiting), which delayed waiters by ~100 us. */
static int bar_count, bar_sense;
static void spin_barrier(int *sense) {
    *sense = !*sense;
    if (__atomic_add_fetch(&bar_count, 1, __ATOMIC_SEQ_CST) == 2) {
        __atomic_store_n(&bar_count, 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&bar_sense, *sense, __ATOMIC_SEQ_CST);
    } else {
        for (long n = 0; __atomic_load_n(&bar_sense, __ATOMIC_SEQ_CST) != *sense; n++)
            if (n > (1L << 22)) sched_yield(); /* only if both ended up on one CPU */
    }
}

/* Run the calling thread on the idx-th CPU of the process's original CPU set, so the two
 * racers really run in parallel (unpinned, the scheduler often puts both on one CPU, where
 * they simply take turns). */
static cpu_set_t cpus_at_start;
static int n_cpus;
static void init_cpus(void) {
    if (sched_getaffinity(0, sizeof cpus_at_start, &cpus_at_start)) CPU_ZERO(&cpus_at_start);
    n_cpus = CPU_COUNT(&cpus_at_start);
}
static void pin_cpu(int idx) {
    cpu_set_t one;
    for (int c = 0, k = 0; c < CPU_SETSIZE; c++)
        if (CPU_ISSET(c, &cpus_at_start) && k++ == idx % (n_cpus ? n_cpus : 1)) {
            CPU_ZERO(&one);
            CPU_SET(c, &one);
            pthread_setaffinity_np(pthread_self(), sizeof one, &one);
            return;
        }
}

static void delay(int steps) {
    for (int i = 0; i < steps * 200; i++) __asm__ volatile("" ::: "memory");
}

static int fd;
static volatile int cur_letter;

/* results, written by S */
static long long n_full, n_short, n_zero_ret, n_err, err_by[256];
static long long short_pages[MAXPAGES + 1], short_unaligned;
static long long it_old_only, it_with_zeros, zero_bytes, zero_whole_pages, zero_partial_pages, it_other;
static long long rd_mismatch, rd_err, rd_err_by[256];
static long long mixed_zero_then_data; /* a zero page followed by a data page in the same splice */

static void *splicer(void *arg) {
    (void)arg;
    static unsigned char buf[MAXPAGES * 4096];
    int p[2], sense = 0;
    pin_cpu(1);
    mkpipe(p, LEN > 65536 ? LEN : 0, 0);
    for (int i = 0; i < ITERS; i++) {
        spin_barrier(&sense); /* 1: file rewritten */
        int j = i % 128;
        if (j >= 64) delay(j - 64);
        loff_t off = 0;
        long long r = R(splice(fd, &off, p[1], NULL, LEN, 0));
        int c = cur_letter;
        if (r == LEN) n_full++;
        else if (r > 0) {
            n_short++;
            if (r % 4096) short_unaligned++;
            else short_pages[r / 4096]++;
        } else if (r == 0) n_zero_ret++;
        else {
            n_err++;
            err_by[-r & 255]++;
        }
        if (r > 0) {
            long long got = 0;
            while (got < r) {
                long long k = R(read(p[0], buf + got, (size_t)(r - got)));
                if (k <= 0) {
                    if (k < 0) {
                        rd_err++;
                        rd_err_by[-k & 255]++;
                    }
                    break;
                }
                got += k;
            }
            if (got != r) {
                rd_mismatch++;
                /* drain whatever is left so the next iteration starts empty */
                while (fionread(p[0]) > 0 && read(p[0], buf, LEN) > 0) {}
            }
            long long z = 0, other = 0;
            int seen_zero_page = 0;
            for (long long pg = 0; pg * 4096 < got; pg++) {
                long long n = got - pg * 4096 < 4096 ? got - pg * 4096 : 4096, pz = 0;
                for (long long b = 0; b < n; b++) {
                    unsigned char x = buf[pg * 4096 + b];
                    if (x == 0) pz++;
                    else if (x != c) other++;
                }
                z += pz;
                if (pz == n) {
                    zero_whole_pages++;
                    seen_zero_page = 1;
                } else {
                    if (pz) zero_partial_pages++;
                    if (seen_zero_page) mixed_zero_then_data++;
                }
            }
            zero_bytes += z;
            if (other) it_other++;
            else if (z) it_with_zeros++;
            else it_old_only++;
        }
        spin_barrier(&sense); /* 2: pipe drained */
    }
    close(p[0]);
    close(p[1]);
    return NULL;
}

static void errs(const char *label, long long *by) {
    for (int e = 1; e < 256; e++)
        if (by[e]) printf("INFO %s: %s %s: %lld\n", cur_test, label, strerrorname_np(e), by[e]);
}

static void run(const char *dir, const char *fsname, int pages, int iters) {
    char what[600], fs[400];
    PAGES = pages;
    LEN = pages * 4096;
    ITERS = iters;
    snprintf(fs, sizeof fs, "%s, %d pages, pipe %d KiB", fsname, pages, (LEN > 65536 ? LEN : 65536) / 1024);
    test("info-splice-file-to-pipe-racing-truncate-0");
    n_full = n_short = n_zero_ret = n_err = short_unaligned = 0;
    it_old_only = it_with_zeros = zero_bytes = zero_whole_pages = zero_partial_pages = it_other = 0;
    rd_mismatch = rd_err = mixed_zero_then_data = 0;
    memset(err_by, 0, sizeof err_by);
    memset(rd_err_by, 0, sizeof rd_err_by);
    memset(short_pages, 0, sizeof short_pages);
    fd = mkfile_in(dir, 0, NULL, 0, O_RDWR);
    bar_count = bar_sense = 0;
    pthread_t t;
    pin_cpu(0);
    pthread_create(&t, NULL, splicer, NULL);
    int sense = 0;
    unsigned char page[4096];
    for (int i = 0; i < ITERS; i++) {
        int c = 'a' + i % 26;
        memset(page, c, 4096);
        for (int k = 0; k < PAGES; k++)
            if (pwrite(fd, page, 4096, (off_t)k * 4096) != 4096) die("pwrite");
        cur_letter = c;
        spin_barrier(&sense); /* 1 */
        int j = i % 128;
        if (j < 64) delay(j);
        if (ftruncate(fd, 0)) die("ftruncate");
        spin_barrier(&sense); /* 2 */
    }
    pthread_join(t, NULL);
    close(fd);

    snprintf(what, sizeof what, "[%s] %d iterations: pipe reads returning other than what splice returned", fs, ITERS);
    check(what, rd_mismatch, 0);
    snprintf(what, sizeof what, "[%s] iterations with a byte that is neither the iteration's letter nor 0", fs);
    check(what, it_other, 0);
    printf("INFO %s: [%s] splice returned: %d (full) %lld; short %lld; 0 %lld; error %lld\n", cur_test, fs, LEN,
           n_full, n_short, n_zero_ret, n_err);
    errs("splice error", err_by);
    if (n_short) {
        printf("INFO %s: [%s] short splices by pages:", cur_test, fs);
        for (int k = 1; k < PAGES; k++)
            if (short_pages[k]) printf(" %d:%lld", k, short_pages[k]);
        printf("; not a multiple of 4096: %lld\n", short_unaligned);
    }
    printf("INFO %s: [%s] iterations with data: old data only %lld; with zeros %lld (zero bytes %lld = %lld whole "
           "zero pages + %lld partly zero pages; a zero page before a data page: %lld)\n",
           cur_test, fs, it_old_only, it_with_zeros, zero_bytes, zero_whole_pages, zero_partial_pages,
           mixed_zero_then_data);
    printf("INFO %s: [%s] pipe read errors %lld\n", cur_test, fs, rd_err);
    errs("pipe read error", rd_err_by);
}

int main(void) {
    setup_common();
    init_cpus();
    if (n_cpus < 2) printf("INFO %s: only %d CPU: the racers take turns, expect few races\n", cur_test, n_cpus);
    char label[300];
    snprintf(label, sizeof label, "%s (KCHECK_DIR)", tdir);
    run(tdir, label, 16, 20000);
    run("/dev/shm", "tmpfs /dev/shm", 16, 20000);
    run(tdir, label, 64, 4000);
    run("/dev/shm", "tmpfs /dev/shm", 64, 4000);
    return finish();
}
