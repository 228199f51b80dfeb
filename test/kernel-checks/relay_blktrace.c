/*
 * relayfs (issue 13 part 3) on this kernel: can user space get a relay file to splice from? The one
 * relay channel user space can ask for is blktrace's: BLKTRACESETUP on a block device makes
 * /sys/kernel/debug/block/DEV/trace0 (CONFIG_BLK_DEV_IO_TRACE, CONFIG_RELAY). Where that file opens, this
 * checks what 6.8+ says to splice and sendfile from it (EINVAL: relay_file_operations has no splice_read)
 * and that read(2) works; where it does not (observed here on 6.18.44: BLKTRACESETUP on /dev/loop0
 * succeeds, opening trace0 is EPERM, with debugfs mounted), it says so and the relay-* litmus files stay
 * modelled from kernel/relay.c. Needs root (BLKTRACESETUP) and debugfs (mounted here if it is not).
 * Device: KCHECK_BLOCK (default /dev/loop0).
 */
#include "check.h"
#include <linux/fs.h>
#include <linux/blktrace_api.h>
#include <sys/mount.h>

int main(void) {
    setup_common();
    test("info-relay-file-from-blktrace");
    const char *dev = getenv("KCHECK_BLOCK") ? getenv("KCHECK_BLOCK") : "/dev/loop0";
    int mounted = mount("none", "/sys/kernel/debug", "debugfs", 0, NULL) == 0;
    int b = open(dev, O_RDONLY);
    if (b < 0) {
        printf("INFO cannot open %s (%s): no relay channel to check\n", dev, strerror(errno));
        return finish();
    }
    struct blk_user_trace_setup s;
    memset(&s, 0, sizeof s);
    s.buf_size = 4096;
    s.buf_nr = 4;
    s.act_mask = 0xffff;
    if (ioctl(b, BLKTRACESETUP, &s) < 0) {
        printf("INFO BLKTRACESETUP on %s: %s: no relay channel to check\n", dev, strerror(errno));
        close(b);
        return finish();
    }
    char path[256];
    snprintf(path, sizeof path, "/sys/kernel/debug/block/%s/trace0", s.name);
    int r = open(path, O_RDONLY);
    if (r < 0) {
        printf("INFO BLKTRACESETUP made %s but opening it says %s: relay splice cannot be observed here\n", path,
               strerror(errno));
    } else {
        int p[2], n = open("/dev/null", O_WRONLY);
        mkpipe(p, 0, 1);
        check("splice R -> p 4096 (6.8+: no relay splice_read)", R(splice(r, NULL, p[1], NULL, 4096, 0)), -EINVAL);
        check("splice R -> p 0", R(splice(r, NULL, p[1], NULL, 0, 0)), 0);
        check("sendfile R -> p 4096", R(sendfile(p[1], r, NULL, 4096)), -EINVAL);
        check("sendfile R -> n 4096", R(sendfile(n, r, NULL, 4096)), -EINVAL);
        char buf[16];
        check("pread R@0 16 (nonseekable)", R(pread(r, buf, sizeof buf, 0)), -ESPIPE);
        close(p[0]);
        close(p[1]);
        close(n);
        close(r);
    }
    ioctl(b, BLKTRACESTOP);
    ioctl(b, BLKTRACETEARDOWN);
    close(b);
    if (mounted) {
        umount("/sys/kernel/debug");
    }
    return finish();
}
