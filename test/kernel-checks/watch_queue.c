/*
 * Notification pipes (issue 13 part 2) on this kernel: whether pipe2(O_NOTIFICATION_PIPE) works at all.
 * Without CONFIG_WATCH_QUEUE it fails with ENOPKG (include/linux/watch_queue.h's watch_queue_init stub)
 * and the IOC_WATCH_QUEUE_SET_SIZE ioctl is unknown to pipes (ENOTTY; with the option: ENODEV on a
 * plain pipe). The notification-pipe-* litmus files are modelled from the 6.17 sources because of this.
 */
#include "check.h"

#define O_NOTIFICATION_PIPE O_EXCL
#define IOC_WATCH_QUEUE_SET_SIZE _IO('W', 0x60)

int main(void) {
    int p[2], q[2];
    setup_common();
    test("info-notification-pipe-enopkg");
    long long r = R(pipe2(p, O_NOTIFICATION_PIPE));
    if (r == 0) {
        printf("INFO this kernel has CONFIG_WATCH_QUEUE: the notification-pipe-* files could be checked here\n");
        close(p[0]);
        close(p[1]);
    } else {
        check("pipe2(O_NOTIFICATION_PIPE) without CONFIG_WATCH_QUEUE", r, -ENOPKG);
        mkpipe(q, 0, 0);
        check("ioctl(plain pipe, IOC_WATCH_QUEUE_SET_SIZE, 1) without CONFIG_WATCH_QUEUE", R(ioctl(q[0], IOC_WATCH_QUEUE_SET_SIZE, 1)), -ENOTTY);
        close(q[0]);
        close(q[1]);
    }
    return finish();
}
