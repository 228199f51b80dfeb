/*
 * splice file -> pipe racing posix_fadvise(POSIX_FADV_DONTNEED) from another thread
 * (SEMANTICS.md §1.1, §2.1). The file (16 pages, page k filled with 'A'+k, fsynced so
 * its pages are clean and droppable) is spliced whole, from offset 0, into a pipe and
 * read back, again and again, while a second thread drops the file's cache in a loop.
 * Guaranteed, and PASS: every splice returns the whole file and the pipe holds the file's
 * data; fadvise never fails. INFO: how often the cache was really dropped (mincore() on
 * an untouched MAP_SHARED mapping, just before a splice and just after a fadvise), and
 * the splice results. Runs on KCHECK_DIR (default /tmp, ext4) and /dev/shm (tmpfs, where
 * DONTNEED cannot drop shmem pages).
 * Build: gcc -O2 -Wall -pthread -o /tmp/kc_fadvise_race fadvise_race.c
 */
#include "check.h"
#include <pthread.h>
#include <sched.h>

#define PAGES 16
#define LEN (PAGES * 4096)

static cpu_set_t cpus_at_start;
static int n_cpus;
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

static int fd;
static unsigned char *map; /* never touched: mincore only */
static volatile int stop;
static long long n_fadvise, fadvise_err, after_fadvise_dropped;

static int resident(void) {
    unsigned char vec[PAGES];
    if (mincore(map, LEN, vec)) return -1;
    int c = 0;
    for (int i = 0; i < PAGES; i++) c += vec[i] & 1;
    return c;
}

static void *dropper(void *arg) {
    (void)arg;
    pin_cpu(1);
    while (!__atomic_load_n(&stop, __ATOMIC_SEQ_CST)) {
        int e = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (e) fadvise_err++;
        n_fadvise++;
        if ((n_fadvise & 15) == 0 && resident() < PAGES) after_fadvise_dropped++;
    }
    return NULL;
}

static void run(const char *dir, const char *fs, int iters) {
    char what[400];
    static unsigned char want[LEN], buf[LEN];
    test("info-splice-file-to-pipe-racing-fadvise-dontneed");
    for (int k = 0; k < PAGES; k++) memset(want + k * 4096, 'A' + k, 4096);
    fd = mkfile_in(dir, LEN, want, 0, O_RDWR);
    if (fsync(fd)) die("fsync");
    map = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
    if (map == MAP_FAILED) die("mmap");
    int p[2];
    mkpipe(p, 0, 0);
    stop = 0;
    n_fadvise = fadvise_err = after_fadvise_dropped = 0;
    long long full = 0, shortr = 0, zero = 0, err = 0, differ = 0, rd_bad = 0, before_dropped = 0, none_resident = 0;
    long long err_by[256] = {0};
    pin_cpu(0);
    pthread_t t;
    pthread_create(&t, NULL, dropper, NULL);
    for (int i = 0; i < iters; i++) {
        int res = resident();
        if (res < PAGES) before_dropped++;
        if (res == 0) none_resident++;
        loff_t off = 0;
        long long r = R(splice(fd, &off, p[1], NULL, LEN, 0));
        if (r == LEN) full++;
        else if (r > 0) shortr++;
        else if (r == 0) zero++;
        else {
            err++;
            err_by[-r & 255]++;
        }
        if (r > 0) {
            long long got = 0, k;
            while (got < r && (k = read(p[0], buf + got, (size_t)(r - got))) > 0) got += k;
            if (got != r) rd_bad++;
            if (memcmp(buf, want, (size_t)got)) differ++;
        }
    }
    __atomic_store_n(&stop, 1, __ATOMIC_SEQ_CST);
    pthread_join(t, NULL);
    snprintf(what, sizeof what, "[%s] %d splices f@0 -> p %d while fadvise(DONTNEED) loops: splices not returning %d",
             fs, iters, LEN, LEN);
    check(what, shortr + zero + err, 0);
    snprintf(what, sizeof what, "[%s] splices whose pipe data differ from the file", fs);
    check(what, differ, 0);
    snprintf(what, sizeof what, "[%s] pipe reads short of what splice returned", fs);
    check(what, rd_bad, 0);
    snprintf(what, sizeof what, "[%s] fadvise(DONTNEED) calls failing (of %lld)", fs, n_fadvise);
    check(what, fadvise_err, 0);
    printf("INFO %s: [%s] splice returned: full %lld, short %lld, 0 %lld, error %lld\n", cur_test, fs, full, shortr,
           zero, err);
    for (int e = 1; e < 256; e++)
        if (err_by[e]) printf("INFO %s: [%s] splice error %s: %lld\n", cur_test, fs, strerrorname_np(e), err_by[e]);
    printf("INFO %s: [%s] cache really dropped: before %lld of %d splices fewer than %d pages were resident (none: "
           "%lld); after %lld of %lld sampled fadvise calls\n",
           cur_test, fs, before_dropped, iters, PAGES, none_resident, after_fadvise_dropped, n_fadvise / 16);
    close(p[0]);
    close(p[1]);
    munmap(map, LEN);
    close(fd);
}

int main(void) {
    setup_common();
    if (sched_getaffinity(0, sizeof cpus_at_start, &cpus_at_start)) CPU_ZERO(&cpus_at_start);
    n_cpus = CPU_COUNT(&cpus_at_start);
    if (n_cpus < 2) printf("INFO: only %d CPU: the racers take turns, expect few races\n", n_cpus);
    char label[300];
    snprintf(label, sizeof label, "%s (KCHECK_DIR)", tdir);
    run(tdir, label, 10000);
    run("/dev/shm", "tmpfs /dev/shm", 10000);
    return finish();
}
