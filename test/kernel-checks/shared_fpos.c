/*
 * Two threads (one fd table) or two forked processes (one open file description) consume
 * the same fd's file position concurrently, one page per call.
 *  - splice(fd, NULL, pipe, NULL, 4096) reads in->f_pos and writes it back without the
 *    f_pos lock (do_splice uses fdget, not fdget_pos): both can get the same offset, and
 *    f_pos can end short of the bytes spliced (lost updates). Racy: counts are INFO.
 *  - read(fd, 4096) on the same shared fd takes f_pos_lock (fdget_pos; regular files have
 *    FMODE_ATOMIC_POS and the file is shared): never the same offset, f_pos == bytes read.
 * The 64 MiB file (KCHECK_DIR, default /tmp) has every 32-bit word of page k equal to k.
 * Each round resets f_pos to 0 and lets each worker make 8192 calls (16384 = the file's
 * pages, so no call can reach EOF); 12 rounds = 98304 pairs (196608 calls). "barrier" mode synchronises the
 * two workers with a spin barrier before every call; "free" mode lets them run.
 * Build: gcc -O2 -Wall -pthread -o /tmp/kc_shared_fpos shared_fpos.c
 */
#include "check.h"
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#define PAGES 16384 /* 64 MiB */
#define PER_WORKER (PAGES / 2)
#define ROUNDS 12

struct shared {
    int bar_count, bar_sense;
    int fd, use_splice, use_barrier;
    uint16_t cnt[PAGES];      /* deliveries per file page, this round */
    int32_t pg[2][PER_WORKER]; /* page got by worker w in its i-th call (-1: bad) */
    long long bytes[2], bad[2];
    long long first_bad_ret[2];
};
static struct shared *S;

/* Each worker runs on its own CPU of the process's original CPU set: unpinned, the
 * scheduler often puts both on one CPU, where they take turns instead of racing. */
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

static void spin_barrier(int *sense) {
    *sense = !*sense;
    if (__atomic_add_fetch(&S->bar_count, 1, __ATOMIC_SEQ_CST) == 2) {
        __atomic_store_n(&S->bar_count, 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&S->bar_sense, *sense, __ATOMIC_SEQ_CST);
    } else {
        for (int n = 0; __atomic_load_n(&S->bar_sense, __ATOMIC_SEQ_CST) != *sense; n++) {
            __builtin_ia32_pause();
            if (n > 2000) sched_yield(); /* the other worker may have lost its CPU */
        }
    }
}

/* page number if buf is one whole page of the file, else -1 */
static int32_t page_of(const uint32_t *buf, long long r) {
    if (r != 4096) return -1;
    for (int i = 1; i < 1024; i++)
        if (buf[i] != buf[0]) return -1;
    return buf[0] < PAGES ? (int32_t)buf[0] : -1;
}

static void worker(int w) {
    static __thread uint32_t buf[1024];
    int sense = 0, p[2];
    pin_cpu(w);
    if (S->use_splice) mkpipe(p, 0, 0);
    for (int i = 0; i < PER_WORKER; i++) {
        if (S->use_barrier) spin_barrier(&sense);
        long long r;
        if (S->use_splice) {
            r = R(splice(S->fd, NULL, p[1], NULL, 4096, 0));
            if (r > 0 && read(p[0], buf, (size_t)r) != r) die("read pipe");
        } else {
            r = R(read(S->fd, buf, 4096));
        }
        int32_t k = page_of(buf, r);
        S->pg[w][i] = k;
        if (r > 0) S->bytes[w] += r;
        if (k < 0) {
            if (!S->bad[w]) S->first_bad_ret[w] = r;
            S->bad[w]++;
        } else {
            __atomic_add_fetch(&S->cnt[k], 1, __ATOMIC_RELAXED);
        }
    }
    if (S->use_splice) {
        close(p[0]);
        close(p[1]);
    }
}

static void *thread_main(void *arg) {
    worker((int)(intptr_t)arg);
    return NULL;
}

static void run(int fd, int use_splice, int use_fork, int use_barrier) {
    char what[300], cfg[100];
    snprintf(cfg, sizeof cfg, "[%s, %s]", use_fork ? "2 processes after fork" : "2 threads",
             use_barrier ? "barrier before each pair" : "free-running");
    test(use_splice ? "info-shared-fpos-splice" : "c-only-shared-fpos-read");
    long long same_pair = 0, extra = 0, never = 0, total = 0, fpos_sum = 0, bad = 0, max_short = 0;
    long long first_bad = 0, backwards = 0;
    for (int round = 0; round < ROUNDS; round++) {
        memset(S, 0, sizeof *S);
        S->fd = fd;
        S->use_splice = use_splice;
        S->use_barrier = use_barrier;
        if (lseek(fd, 0, SEEK_SET) != 0) die("lseek");
        if (use_fork) {
            pid_t c[2];
            for (int w = 0; w < 2; w++) {
                c[w] = fork();
                if (c[w] < 0) die("fork");
                if (c[w] == 0) {
                    worker(w);
                    _exit(0);
                }
            }
            for (int w = 0; w < 2; w++) {
                int st;
                if (waitpid(c[w], &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st)) die("worker process");
            }
        } else {
            pthread_t t[2];
            for (int w = 0; w < 2; w++) pthread_create(&t[w], NULL, thread_main, (void *)(intptr_t)w);
            for (int w = 0; w < 2; w++) pthread_join(t[w], NULL);
        }
        long long fpos = lseek(fd, 0, SEEK_CUR);
        long long bytes = S->bytes[0] + S->bytes[1];
        for (int i = 0; i < PER_WORKER; i++)
            if (S->pg[0][i] >= 0 && S->pg[0][i] == S->pg[1][i]) same_pair++;
        int top = -1;
        for (int k = 0; k < PAGES; k++) {
            if (S->cnt[k]) top = k;
            if (S->cnt[k] > 1) extra += S->cnt[k] - 1;
            if (S->cnt[k] == 0 && (long long)k * 4096 < fpos) never++;
        }
        if (fpos < (long long)(top + 1) * 4096) backwards++;
        total += bytes;
        fpos_sum += fpos;
        if (bytes - fpos > max_short) max_short = bytes - fpos;
        for (int w = 0; w < 2; w++) {
            if (S->bad[w] && !bad) first_bad = S->first_bad_ret[w];
            bad += S->bad[w];
        }
    }
    const char *call = use_splice ? "splice f -> own pipe 4096 (off_in NULL)" : "read f 4096";
    snprintf(what, sizeof what, "%s %d x %d calls of %s: calls not returning one whole file page", cfg, ROUNDS,
             2 * PER_WORKER, call);
    check(what, bad, 0);
    if (bad) printf("INFO %s: %s first bad call returned %lld\n", cur_test, cfg, first_bad);
    if (use_splice) {
        printf("INFO %s: %s %d pairs: same page to both workers in one pair: %lld; extra deliveries of an "
               "already-delivered page: %lld; pages below the final f_pos never delivered: %lld\n",
               cur_test, cfg, ROUNDS * PER_WORKER, same_pair, extra, never);
        printf("INFO %s: %s bytes spliced %lld, sum of final f_pos %lld: f_pos short by %lld bytes (%lld pages); "
               "worst round short by %lld pages; rounds ending with f_pos below the end of the highest page "
               "delivered (f_pos moved backwards): %lld of %d\n",
               cur_test, cfg, total, fpos_sum, total - fpos_sum, (total - fpos_sum) / 4096, max_short / 4096,
               backwards, ROUNDS);
    } else {
        snprintf(what, sizeof what, "%s same page to both workers in one pair", cfg);
        check(what, same_pair, 0);
        snprintf(what, sizeof what, "%s deliveries of an already-delivered page", cfg);
        check(what, extra, 0);
        snprintf(what, sizeof what, "%s bytes read - sum of final f_pos (%d rounds)", cfg, ROUNDS);
        check(what, total - fpos_sum, 0);
        snprintf(what, sizeof what, "%s rounds ending with f_pos below the end of the highest page read", cfg);
        check(what, backwards, 0);
    }
}

int main(void) {
    setup_common();
    if (sched_getaffinity(0, sizeof cpus_at_start, &cpus_at_start)) CPU_ZERO(&cpus_at_start);
    n_cpus = CPU_COUNT(&cpus_at_start);
    if (n_cpus < 2) printf("INFO: only %d CPU: the workers take turns, expect few races\n", n_cpus);
    S = mmap(NULL, sizeof *S, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (S == MAP_FAILED) die("mmap");
    uint32_t *data = malloc((size_t)PAGES * 4096);
    if (!data) die("malloc");
    for (size_t k = 0; k < PAGES; k++)
        for (size_t i = 0; i < 1024; i++) data[k * 1024 + i] = (uint32_t)k;
    int fd = mkfile_in(tdir, (size_t)PAGES * 4096, data, 0, O_RDONLY);
    free(data);
    for (int use_splice = 1; use_splice >= 0; use_splice--)
        for (int use_fork = 0; use_fork < 2; use_fork++)
            for (int use_barrier = 1; use_barrier >= 0; use_barrier--) run(fd, use_splice, use_fork, use_barrier);
    close(fd);
    return finish();
}
