package org.splicelab.kernel;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** What the kernel backend says about where it ran: uname's release and machine, statfs's f_type by name. */
public final class Host {
    private static final int UTS_FIELD = 65;
    private static final Map<Long, String> FS_NAMES = Map.ofEntries(
        Map.entry(0x01021994L, "tmpfs"), Map.entry(0xEF53L, "ext4"), Map.entry(0x58465342L, "xfs"),
        Map.entry(0x9123683EL, "btrfs"), Map.entry(0x794C7630L, "overlayfs"), Map.entry(0x6969L, "nfs"),
        Map.entry(0x2FC12FC1L, "zfs"), Map.entry(0xF2F52010L, "f2fs"), Map.entry(0x65735546L, "fuse"),
        Map.entry(0x858458F6L, "ramfs"), Map.entry(0x9FA0L, "proc"), Map.entry(0x01021997L, "9p"));

    private Host() {
    }

    /** {@code uname -r}, e.g. {@code 6.18.44-fc-v1098}. */
    public static String release() {
        return uts(2);
    }

    /** {@code uname -m}. */
    public static String machine() {
        return uts(4);
    }

    private static String uts(final int field) {
        final Memory buf = new Memory(UTS_FIELD * 6L);
        buf.clear();
        if (LibC.uname(buf) != 0) {
            return "unknown (uname: " + LibC.strerror(Native.getLastError()) + ")";
        }
        return buf.getString((long) field * UTS_FIELD);
    }

    /** statfs(2)'s f_type of {@code dir}. */
    public static long fsMagic(final Path dir) {
        final Memory buf = new Memory(120);
        buf.clear();
        if (LibC.statfs(dir.toString(), buf) != 0) {
            return -1;
        }
        return buf.getLong(0);
    }

    /** The first mount point {@code /proc/mounts} lists with the {@code dax} option (ext4, xfs on pmem), if any. */
    public static Optional<String> daxMount() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                final String[] f = line.split(" ");
                if (f.length > 3 && java.util.Arrays.asList(f[3].split(",")).stream().anyMatch(o -> o.startsWith("dax"))) {
                    return Optional.of(f[1] + " (" + f[2] + ")");
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The filesystem's name ({@code tmpfs}, {@code ext4} for ext2/3/4's magic), or its magic in hex. */
    public static String fsType(final Path dir) {
        final long magic = fsMagic(dir);
        return magic < 0 ? "unknown" : FS_NAMES.getOrDefault(magic, "0x" + Long.toHexString(magic));
    }
}
