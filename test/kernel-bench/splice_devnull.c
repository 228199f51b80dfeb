/*
 * The real kernel's rate for the pipeline `./splicelab bench` simulates: N threads, each splices 64 KiB
 * of one shared, cached 16 MiB file (pread-style offsets, cycling) into its own pipe and the pipe into
 * /dev/null. Prints pages/s (4 KiB pages moved into pipes) over the measured seconds, after a warm-up.
 *
 *   gcc -O2 -pthread -o /tmp/splice_devnull splice_devnull.c && /tmp/splice_devnull [threads] [seconds]
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FILE_SIZE (16L << 20)
#define CHUNK 65536

static int file_fd;
static atomic_long pages;
static atomic_int running = 1;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *worker(void *arg) {
    int p[2];
    if (pipe(p) < 0) { perror("pipe"); exit(2); }
    int null_fd = open("/dev/null", O_WRONLY);
    loff_t off = ((long) (intptr_t) arg * CHUNK * 37) % FILE_SIZE;
    long local = 0;
    while (atomic_load_explicit(&running, memory_order_relaxed)) {
        ssize_t n = splice(file_fd, &off, p[1], NULL, CHUNK, 0);
        if (n <= 0) { perror("splice in"); exit(2); }
        if (off >= FILE_SIZE) off = 0;
        ssize_t m = splice(p[0], NULL, null_fd, NULL, n, 0);
        if (m != n) { perror("splice out"); exit(2); }
        local += n / 4096;
        if ((local & 1023) == 0) { atomic_fetch_add(&pages, local); local = 0; }
    }
    atomic_fetch_add(&pages, local);
    return NULL;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 4;
    double seconds = argc > 2 ? atof(argv[2]) : 5;
    const char *dir = getenv("KCHECK_DIR") ? getenv("KCHECK_DIR") : "/tmp";
    char path[4096];
    snprintf(path, sizeof path, "%s/splice_devnull.XXXXXX", dir);
    file_fd = mkstemp(path);
    if (file_fd < 0) { perror("mkstemp"); return 2; }
    unlink(path);
    char *buf = malloc(CHUNK);
    memset(buf, 'x', CHUNK);
    for (long at = 0; at < FILE_SIZE; at += CHUNK) {
        if (write(file_fd, buf, CHUNK) != CHUNK) { perror("write"); return 2; }
    }
    pthread_t t[256];
    for (int i = 0; i < threads; i++) pthread_create(&t[i], NULL, worker, (void *) (intptr_t) i);
    usleep(1000000);                       /* warm-up: 1 s */
    long p0 = atomic_load(&pages);
    double t0 = now();
    usleep((useconds_t) (seconds * 1e6));
    long p1 = atomic_load(&pages);
    double t1 = now();
    atomic_store(&running, 0);
    for (int i = 0; i < threads; i++) pthread_join(t[i], NULL);
    printf("kernel splice file -> pipe -> /dev/null: %d threads, %.2f s after 1 s warm-up: %.0f pages/s\n",
           threads, t1 - t0, (p1 - p0) / (t1 - t0));
    return 0;
}
