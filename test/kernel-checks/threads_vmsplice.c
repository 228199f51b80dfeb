/*
 * vmsplice page sharing seen from threads (SEMANTICS.md §2.7, §2.3, §2.4, §1.1):
 *  - thread A vmsplices a page of its heap, sibling thread B (same mm) stores to it:
 *    before the call, while it runs, after it returns; with and without SPLICE_F_GIFT;
 *  - GIFT: the page stays mapped (pagemap present bit; same PFN if readable), later stores
 *    show, including after a whole-buffer pipe -> pipe move and a partial (copied) one;
 *  - one page in two pipes (two vmsplices, or vmsplice + tee), a store shows in both;
 *    an O_DIRECT read into the page changes what both pipes hold;
 *  - a never-written anonymous page (only read: the shared zero page is mapped) is
 *    vmspliced; a later store does NOT show (the pipe holds the zero page, the store COWs).
 * None of these have a litmus file (threads, pagemap, O_DIRECT and the zero page cannot be
 * expressed), so all names are c-only-.
 * Build: gcc -O2 -Wall -pthread -o /tmp/kc_threads_vmsplice threads_vmsplice.c
 */
#include "check.h"
#include <pthread.h>
#include <stdint.h>

static unsigned char want[1 << 16];

static unsigned char *mem(size_t n, int c) {
    unsigned char *m = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) die("mmap");
    if (c >= 0) memset(m, c, n);
    return m;
}

static long long vms(int fd, void *base, size_t len, unsigned flags) {
    struct iovec iov = {base, len};
    return R(vmsplice(fd, &iov, 1, flags));
}

/* /proc/self/pagemap entry of the page at p: bit 63 present, bits 0-54 PFN (0 unless privileged). */
static uint64_t pagemap(const void *p) {
    int fd = open("/proc/self/pagemap", O_RDONLY);
    if (fd < 0) die("open pagemap");
    uint64_t e = 0;
    if (pread(fd, &e, 8, (off_t)((uintptr_t)p / 4096) * 8) != 8) die("pread pagemap");
    close(fd);
    return e;
}
#define PM_PRESENT(e) (((e) >> 63) & 1)
#define PM_PFN(e) ((e) & ((1ULL << 55) - 1))

/* ---- two threads: A vmsplices, B stores ---- */

enum when { BEFORE, DURING, AFTER };
static const char *when_name[] = {"before A's vmsplice (barrier)", "while A's vmsplice runs (B spins)",
                                  "after A's vmsplice returned (barrier)"};

static struct {
    pthread_barrier_t bar;
    unsigned char *m;
    int pfd;
    unsigned flags;
    enum when when;
    long long vret;
    volatile int a_done;
    volatile int b_spinning;
    volatile unsigned char last; /* B's last stored value */
    long stores_during;          /* stores B made after A's call started being possible */
} sh;

static void *thread_a(void *arg) {
    (void)arg;
    pthread_barrier_wait(&sh.bar); /* 1: start */
    pthread_barrier_wait(&sh.bar); /* 2: B's BEFORE store done */
    if (sh.when == DURING) /* call vmsplice only once B is storing */
        while (!__atomic_load_n(&sh.b_spinning, __ATOMIC_SEQ_CST)) {}
    sh.vret = vms(sh.pfd, sh.m, 4096, sh.flags);
    __atomic_store_n(&sh.a_done, 1, __ATOMIC_SEQ_CST);
    pthread_barrier_wait(&sh.bar); /* 3: vmsplice returned */
    pthread_barrier_wait(&sh.bar); /* 4: B's AFTER store done */
    return NULL;
}

static void *thread_b(void *arg) {
    (void)arg;
    pthread_barrier_wait(&sh.bar); /* 1 */
    if (sh.when == BEFORE) {
        sh.m[0] = 'B';
        sh.last = 'B';
    }
    pthread_barrier_wait(&sh.bar); /* 2 */
    if (sh.when == DURING) {
        /* store a changing byte until A's call has returned, then once more */
        unsigned char v = 'a';
        long k = 0;
        do {
            __atomic_store_n(&sh.m[0], v, __ATOMIC_RELAXED);
            sh.last = v;
            v = v == 'z' ? 'a' : v + 1;
            k++;
            if (k == 1) __atomic_store_n(&sh.b_spinning, 1, __ATOMIC_SEQ_CST);
        } while (!__atomic_load_n(&sh.a_done, __ATOMIC_SEQ_CST));
        sh.stores_during = k;
    }
    pthread_barrier_wait(&sh.bar); /* 3 */
    if (sh.when == AFTER) {
        sh.m[0] = 'B';
        sh.last = 'B';
    }
    pthread_barrier_wait(&sh.bar); /* 4 */
    return NULL;
}

static void threads_case(unsigned flags, enum when when) {
    char what[200];
    int p[2];
    test(flags ? "c-only-threads-vmsplice-gift-sibling-store" : "c-only-threads-vmsplice-sibling-store");
    mkpipe(p, 0, 0);
    memset(&sh, 0, sizeof sh);
    sh.m = mem(4096, 'A');
    sh.pfd = p[1];
    sh.flags = flags;
    sh.when = when;
    sh.last = 'A';
    pthread_barrier_init(&sh.bar, NULL, 2);
    pthread_t ta, tb;
    pthread_create(&ta, NULL, thread_a, NULL);
    pthread_create(&tb, NULL, thread_b, NULL);
    pthread_join(ta, NULL);
    pthread_join(tb, NULL);
    snprintf(what, sizeof what, "thread A: vmsplice m -> p 4096%s [B stores %s]", flags ? " gift" : "",
             when_name[when]);
    check(what, sh.vret, 4096);
    unsigned char last = sh.last;
    if (when == DURING)
        printf("INFO %s: B stored %ld times around A's vmsplice call, last '%c'\n", cur_test, sh.stores_during, last);
    runs(want, (size_t)1, last, (size_t)4095, 'A', (size_t)0);
    snprintf(what, sizeof what, "main: read p 4096 (B's last store '%c' visible)", last);
    check_read(what, p[0], 4096, want, 4096);
    pthread_barrier_destroy(&sh.bar);
    close(p[0]);
    close(p[1]);
    munmap(sh.m, 4096);
}

/* ---- GIFT: still mapped, stores visible, after pipe -> pipe moves ---- */

static void gift_mapping(void) {
    int p[2], q[2];
    char what[200];
    test("c-only-vmsplice-gift-page-stays-mapped");
    unsigned char *m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    uint64_t e0 = pagemap(m);
    check("pagemap present before vmsplice gift", PM_PRESENT(e0), 1);
    check("vmsplice m -> p 4096 gift", vms(p[1], m, 4096, SPLICE_F_GIFT), 4096);
    uint64_t e1 = pagemap(m);
    check("pagemap present after vmsplice gift", PM_PRESENT(e1), 1);
    m[0] = 'B';
    uint64_t e2 = pagemap(m);
    check("pagemap present after store", PM_PRESENT(e2), 1);
    if (PM_PFN(e0))
        check("same PFN before vmsplice, after it and after the store (no steal, no COW)",
              PM_PFN(e0) == PM_PFN(e1) && PM_PFN(e1) == PM_PFN(e2), 1);
    else
        printf("INFO c-only-vmsplice-gift-page-stays-mapped: PFNs not readable (unprivileged), PFN check skipped\n");
    unsigned char vec;
    check("mincore m resident", R(mincore(m, 4096, &vec)) == 0 ? (vec & 1) : -1, 1);
    check_bytes("load m@0 4 (own mapping still reads the page)", m, 4, "BAAA", 4);
    check_read("read p 4 (store after gift visible)", p[0], 4, "BAAA", 4);
    close(p[0]);
    close(p[1]);
    munmap(m, 4096);

    test("c-only-vmsplice-gift-move-pipe-to-pipe-then-store");
    m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("vmsplice m -> p 4096 gift", vms(p[1], m, 4096, SPLICE_F_GIFT), 4096);
    check("splice p -> q 4096 (whole buffer moved)", R(splice(p[0], NULL, q[1], NULL, 4096, 0)), 4096);
    check("fionread p", fionread(p[0]), 0);
    m[0] = 'B';
    check_read("read q 4 (store after the move visible)", q[0], 4, "BAAA", 4);
    m[4] = 'C';
    snprintf(what, sizeof what, "read q 4092 (second store visible)");
    size_t n = runs(want, (size_t)1, 'C', (size_t)4091, 'A', (size_t)0);
    check_read(what, q[0], 4092, want, n);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    munmap(m, 4096);

    test("c-only-vmsplice-gift-partial-pipe-to-pipe-then-store");
    m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("vmsplice m -> p 4096 gift", vms(p[1], m, 4096, SPLICE_F_GIFT), 4096);
    check("splice p -> q 100 (partial: buffer copied, page shared)", R(splice(p[0], NULL, q[1], NULL, 100, 0)), 100);
    m[0] = 'B';
    m[200] = 'C';
    n = runs(want, (size_t)1, 'B', (size_t)99, 'A', (size_t)0);
    check_read("read q 100 (store visible through the copied buffer)", q[0], 100, want, n);
    n = runs(want, (size_t)100, 'A', (size_t)1, 'C', (size_t)3895, 'A', (size_t)0);
    check_read("read p 3996 (store visible in the rest)", p[0], 3996, want, n);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    munmap(m, 4096);
}

/* ---- one page referenced by two pipes ---- */

static void two_pipes(void) {
    int p[2], q[2];
    size_t n;
    test("c-only-vmsplice-same-page-two-pipes-then-store");
    unsigned char *m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("vmsplice m -> p 4096", vms(p[1], m, 4096, 0), 4096);
    check("vmsplice m -> q 4096", vms(q[1], m, 4096, 0), 4096);
    m[0] = 'B';
    check_read("read p 4 (store visible)", p[0], 4, "BAAA", 4);
    check_read("read q 4 (store visible)", q[0], 4, "BAAA", 4);
    check_read("read p 4092 (p drained: its ref dropped)", p[0], 4092, fill(4092, 'A'), 4092);
    m[10] = 'C';
    n = runs(want, (size_t)6, 'A', (size_t)1, 'C', (size_t)4085, 'A', (size_t)0);
    check_read("read q 4092 (store after p drained still visible in q)", q[0], 4092, want, n);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    munmap(m, 4096);

    test("c-only-vmsplice-then-tee-then-store");
    m = mem(4096, 'A');
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("vmsplice m -> p 4096 gift", vms(p[1], m, 4096, SPLICE_F_GIFT), 4096);
    check("tee p -> q 4096", R(tee(p[0], q[1], 4096, 0)), 4096);
    m[0] = 'B';
    check_read("read p 4 (store visible)", p[0], 4, "BAAA", 4);
    check_read("read q 4 (store visible)", q[0], 4, "BAAA", 4);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    munmap(m, 4096);

    /* O_DIRECT: the kernel writes into the vmspliced page via its own pin (GUP) */
    test("c-only-vmsplice-two-pipes-then-odirect-read-into-page");
    m = mem(4096, 'A');
    int f = mkfile(4096, 'D', O_RDWR);
    if (fsync(f)) die("fsync");
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", f);
    int d = open(path, O_RDWR | O_DIRECT);
    if (d < 0) {
        printf("INFO c-only-vmsplice-two-pipes-then-odirect-read-into-page: O_DIRECT open in %s: %s, skipped\n",
               tdir, strerror(errno));
        close(f);
        munmap(m, 4096);
        return;
    }
    mkpipe(p, 0, 0);
    mkpipe(q, 0, 0);
    check("vmsplice m -> p 4096", vms(p[1], m, 4096, 0), 4096);
    check("vmsplice m -> q 4096", vms(q[1], m, 4096, 0), 4096);
    check("pread O_DIRECT f@0 -> m 4096 (file 'D'*4096)", R(pread(d, m, 4096, 0)), 4096);
    check_read("read p 4096 (DMA'd data visible)", p[0], 4096, fill(4096, 'D'), 4096);
    m[0] = 'E';
    n = runs(want, (size_t)1, 'E', (size_t)4095, 'D', (size_t)0);
    check_read("read q 4096 (DMA'd data and later store visible)", q[0], 4096, want, n);
    /* and an O_DIRECT write from the page while it sits in a pipe */
    check("vmsplice m -> p 4096", vms(p[1], m, 4096, 0), 4096);
    check("pwrite O_DIRECT m -> f@0 4096", R(pwrite(d, m, 4096, 0)), 4096);
    m[1] = 'F';
    n = runs(want, (size_t)1, 'E', (size_t)1, 'F', (size_t)4094, 'D', (size_t)0);
    check_read("read p 4096 (store after the O_DIRECT write visible)", p[0], 4096, want, n);
    n = runs(want, (size_t)1, 'E', (size_t)4095, 'D', (size_t)0);
    check_pread("pread f@0 4096 (file has the page as it was at the write)", f, 0, 4096, want, n);
    close(d);
    close(f);
    close(p[0]);
    close(p[1]);
    close(q[0]);
    close(q[1]);
    munmap(m, 4096);
}

/* ---- a never-written anon page: the zero page gets into the pipe ---- */

static void zero_page(void) {
    int p[2];
    test("c-only-vmsplice-untouched-page-then-store-not-visible");
    unsigned char *m = mem(4096, -1);
    volatile unsigned char x = m[0]; /* read fault: maps the shared zero page */
    (void)x;
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 4096 (page only read so far)", vms(p[1], m, 4096, 0), 4096);
    m[0] = 'B'; /* write fault: COW from the zero page to a new private page */
    check_bytes("load m@0 4", m, 4, "B\0\0\0", 4);
    check_read("read p 4096 (the pipe kept the zero page: store NOT visible)", p[0], 4096, fill(4096, 0), 4096);
    close(p[0]);
    close(p[1]);
    munmap(m, 4096);

    /* control: the page never touched at all (vmsplice faults it in itself) */
    test("c-only-vmsplice-unfaulted-page-then-store-not-visible");
    m = mem(4096, -1);
    mkpipe(p, 0, 0);
    check("vmsplice m -> p 4096 (page never touched)", vms(p[1], m, 4096, 0), 4096);
    m[0] = 'B';
    check_read("read p 4096 (store NOT visible)", p[0], 4096, fill(4096, 0), 4096);
    close(p[0]);
    close(p[1]);
    munmap(m, 4096);
}

int main(void) {
    setup_common();
    for (int when = BEFORE; when <= AFTER; when++) threads_case(0, (enum when)when);
    for (int when = BEFORE; when <= AFTER; when++) threads_case(SPLICE_F_GIFT, (enum when)when);
    gift_mapping();
    two_pipes();
    zero_page();
    return finish();
}
