/*
 * A pipe reference pins a page-cache page (SEMANTICS.md §1.1): fadvise(DONTNEED)
 * cannot drop spliced pages while the pipe holds them, so a later pwrite() goes
 * into the same page and the pipe reader sees it. Residency is checked with
 * mincore() here (litmus can only observe the pwrite being visible).
 */
#include "check.h"

static unsigned char want[1 << 20];

/* pages of fd's first n bytes resident in the page cache */
static long long resident(int fd, size_t n) {
    void *m = mmap(NULL, n, PROT_READ, MAP_SHARED, fd, 0);
    if (m == MAP_FAILED) die("mmap");
    unsigned char vec[256];
    if (mincore(m, n, vec)) die("mincore");
    long long c = 0;
    for (size_t i = 0; i < (n + 4095) / 4096; i++) c += vec[i] & 1;
    munmap(m, n);
    return c;
}

static void run(const char *dir, const char *fs) {
    int p[2];
    char what[200];
    test("splice-file-to-pipe-pins-page-against-fadvise");
    int f = mkfile_in(dir, 65536, NULL, 'A', O_RDWR);
    mkpipe(p, 0, 0);
    snprintf(what, sizeof what, "[%s] fsync f", fs);
    check(what, R(fsync(f)), 0);
    snprintf(what, sizeof what, "[%s] splice f -> p 65536", fs);
    check(what, R(splice(f, NULL, p[1], NULL, 65536, 0)), 65536);
    snprintf(what, sizeof what, "[%s] fadvise f dontneed", fs);
    check(what, -(long long)posix_fadvise(f, 0, 0, POSIX_FADV_DONTNEED), 0);
    snprintf(what, sizeof what, "[%s] resident pages after fadvise (pinned by the pipe)", fs);
    check(what, resident(f, 65536), 16);
    snprintf(what, sizeof what, "[%s] pwrite f@0 \"B\"", fs);
    check(what, R(pwrite(f, "B", 1, 0)), 1);
    snprintf(what, sizeof what, "[%s] pwrite f@61440 \"C\"", fs);
    check(what, R(pwrite(f, "C", 1, 61440)), 1);
    size_t n = runs(want, (size_t)1, 'B', (size_t)61439, 'A', (size_t)1, 'C', (size_t)4095, 'A', (size_t)0);
    snprintf(what, sizeof what, "[%s] read p 65536 (same pages: pwrites visible)", fs);
    check_read(what, p[0], 65536, want, n);
    close(p[0]);
    close(p[1]);

    /* control: once the pipe is drained, the clean pages can be dropped */
    test("info-fadvise-control");
    snprintf(what, sizeof what, "[%s] fsync f", fs);
    check(what, R(fsync(f)), 0);
    if (posix_fadvise(f, 0, 0, POSIX_FADV_DONTNEED)) die("fadvise");
    printf("INFO [%s] resident pages after draining the pipe and fadvise: %lld of 16\n", fs, resident(f, 65536));
    close(f);
}

int main(void) {
    setup_common();
    run("/tmp", "ext4 /tmp");
    return finish();
}
