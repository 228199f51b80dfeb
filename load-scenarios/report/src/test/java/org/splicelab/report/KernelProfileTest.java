package org.splicelab.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile file: written and read back the same; every malformed input named with file:line. */
class KernelProfileTest {
    @Test
    void shouldReadBackWhatItWrote(@TempDir final Path dir) throws Exception {
        final KernelProfile p = KernelCostTest.profile();
        final Path file = dir.resolve("sub/profile.conf");
        final KernelProfile at = new KernelProfile(file.toString(), p.kernel(), p.machine(), p.cpu(), p.cpus(),
            p.measured(), p.rounds(), p.cacheBytes(), p.unitsNs(), p.spreadNs());
        at.write(Map.of("syscall", "a comment, kept out of the values"));
        final KernelProfile back = KernelProfile.read(file);
        assertEquals(file.toString(), back.source());
        assertEquals(p.kernel(), back.kernel());
        assertEquals(p.machine(), back.machine());
        assertEquals(p.cpu(), back.cpu());
        assertEquals(p.cpus(), back.cpus());
        assertEquals(p.measured(), back.measured());
        assertEquals(p.rounds(), back.rounds());
        assertEquals(p.cacheBytes(), back.cacheBytes());
        assertEquals(p.unitsNs(), back.unitsNs());
        p.spreadNs().forEach((k, v) -> assertArrayEquals(v, back.spreadNs().get(k), 0.05, k));
    }

    private static String bad(final Path dir, final String from, final String to) throws IOException {
        final String text = KernelCostTest.profile().render(Map.of());
        if (!text.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        final Path f = Files.writeString(dir.resolve("p.conf"), text.replace(from, to));
        return assertThrows(KernelProfile.Invalid.class, () -> KernelProfile.read(f)).getMessage()
            .replace(f.toString(), "p.conf");
    }

    @Test
    void shouldNameTheFileAndLineOfWhatIsWrong(@TempDir final Path dir) throws IOException {
        assertEquals("p.conf:12: units-ns.syscall: expected a number of nanoseconds >= 0, found -1",
            bad(dir, "syscall = 100.0", "syscall = -1"));
        assertEquals("p.conf:12: units-ns.syscall: expected a number of nanoseconds >= 0, found \"fast\"",
            bad(dir, "syscall = 100.0", "syscall = fast"));
        assertEquals("p.conf:11: units-ns: missing steal (every unit of syscall, pipe-lock, lookup, reference, "
            + "copy-page, copy-page-cold, alloc, steal, refill, wakeup, blocked-wait, socket-send, socket-page is needed)",
            bad(dir, "  steal = 1000.0\n", ""));
        assertEquals("p.conf:12: units-ns: unknown unit sycall (expected syscall, pipe-lock, lookup, reference, "
            + "copy-page, copy-page-cold, alloc, steal, refill, wakeup, blocked-wait, socket-send, socket-page)",
            bad(dir, "syscall = 100.0", "sycall = 100.0"));
        assertEquals("p.conf:6: cpus: expected a whole number >= 1, found \"two\"", bad(dir, "cpus = 2", "cpus = two"));
        assertEquals("p.conf:3: unknown key colour (expected kernel, machine, cpu, cpus, measured, rounds, cache-bytes, "
            + "units-ns, spread-ns)", bad(dir, "kernel = ", "colour = blue\nkernel = "));
        assertEquals("p.conf:12: not a HOCON profile: Key 'units-ns (' may not be followed by token: 'syscall' (if you "
            + "intended 'syscall' to be part of a key or string value, try enclosing the key or value in double quotes)",
            bad(dir, "units-ns {", "units-ns ("));
    }

    @Test
    void shouldRefuseBinaryAndMissingFiles(@TempDir final Path dir) throws IOException {
        final Path bin = Files.write(dir.resolve("b.conf"), new byte[] {'k', '=', (byte) 0xff, (byte) 0xfe});
        assertEquals(bin + ":1: expected a UTF-8 text profile, found binary data",
            assertThrows(KernelProfile.Invalid.class, () -> KernelProfile.read(bin)).getMessage());
        final Path none = dir.resolve("none.conf");
        assertEquals(none + ": cannot read the profile (no such file); `splicelab calibrate` writes one", assertThrows(KernelProfile.Invalid.class, () -> KernelProfile.read(none)).getMessage());
    }
}
