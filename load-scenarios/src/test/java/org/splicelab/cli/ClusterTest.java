package org.splicelab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real cluster on 127.0.0.1: a seed JVM and two worker JVMs, each started as a user starts them
 * ({@code splicelab cluster seed|worker}), and clients that are JVMs of their own as well. A sweep runs
 * on both workers; a hunt runs while one worker is killed (SIGKILL) mid-run, and every range is reported
 * exactly once; a hunt's finding comes back as a replay file that replays on this JVM.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {
    /** The pipe lookup racing a racy steal (test/src/test/resources/hunt/steal-vs-lookup.litmus). */
    private static final String STEAL_VS_LOOKUP = """
        litmus steal-vs-lookup
        file f size=4096 fill=A
        pipe p
        pipe q
        process P0 {
          r0 = splice f@0 -> p 4096
          r1 = read p 4096
        }
        process P1 {
          r2 = splice f@0 -> q 4096
          r3 = read q 4096
        }
        expect r1 == 'A'*4096
        expect r3 == 'A'*4096
        [private-pages] forbid violation(stolen-while-shared)
        """;

    private static final Pattern REPORTED = Pattern.compile("(?m)^  \\[(\\d+)/(\\d+)\\] range (\\d+) ");

    @TempDir
    static Path dir;

    private static int port;
    private static Process seed;
    private static Process workerA;
    private static Process workerB;
    private static Path litmus;

    @BeforeAll
    static void startCluster() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        litmus = Files.writeString(dir.resolve("steal-vs-lookup.litmus"), STEAL_VS_LOOKUP);
        seed = start("seed.txt", "cluster", "seed", "--port", Integer.toString(port), "--down-after", "2s");
        await("seed.txt", "cluster seed on 127.0.0.1:" + port, 60);
        workerA = start("a.txt", "cluster", "worker", "--join", "127.0.0.1:" + port, "--workers", "1");
        workerB = start("b.txt", "cluster", "worker", "--join", "127.0.0.1:" + port, "--workers", "1");
        await("a.txt", "joined 127.0.0.1:" + port, 60);
        await("b.txt", "joined 127.0.0.1:" + port, 60);
    }

    @AfterAll
    static void stopCluster() {
        for (final Process p : new Process[] {workerA, workerB, seed}) {
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void aSweepRunsItsCellsOnBothWorkersAndReportsEveryRangeOnce() throws Exception {
        final Client c = client("sweep.txt", "sweep", litmus.toString(), "dirty-pipe", "--models",
            "linux,dirty-pipe", "--schedules", "200", "--range", "50", "--cluster", "127.0.0.1:" + port, "--out",
            dir.resolve("sweep").toString());
        assertEquals(1, c.exit(), c.out());   // dirty-pipe under the dirty-pipe model finds the overwrite
        assertOnce(c.out(), 16);
        assertTrue(c.out().matches("(?s).*dirty-pipe\\s+nothing in 200\\s+FOUND at seed \\d+.*"), c.out());
        assertTrue(c.out().contains("(replayed here: reproduced)"), c.out());
        assertTrue(c.out().contains("cluster: node 127.0.0.1:"), c.out());
        assertEquals(2, c.out().lines().filter(l -> l.startsWith("cluster: node ")).count(),
            "both workers took ranges: " + c.out());
    }

    @Test
    @Order(2)
    void aWorkerKilledMidHuntHasItsRangeRunByTheOtherAndEveryRangeIsReportedOnce() throws Exception {
        final Process client = startClient("kill.txt", "hunt", litmus.toString(), "--model", "linux", "--seed", "1",
            "--schedules", "4000", "--range", "200", "--quiet", "--cluster", "127.0.0.1:" + port, "--out",
            dir.resolve("kill").toString());
        await("kill.txt", "[3/20]", 120);
        workerA.destroyForcibly();   // SIGKILL: no leave, no goodbye; the failure detector has to notice
        assertTrue(client.waitFor(180, TimeUnit.SECONDS), read("kill.txt"));
        final String out = read("kill.txt");
        assertEquals(0, client.exitValue(), out);   // linux never steals a shared page: nothing to find
        assertTrue(out.contains("was lost (its node 127.0.0.1:"), out);
        assertTrue(out.contains("queued again for another worker"), out);
        assertOnce(out, 20);
        assertTrue(out.contains("ranges reported: 20 of 20, each once (20 ran, 0 found, 0 failed, 0 stopped, 0 not "
            + "run)"), out);
        assertTrue(out.contains("Hunted steal-vs-lookup under linux on the cluster: 4000 schedules"), out);
    }

    @Test
    @Order(3)
    void aFindingOnTheRemainingWorkerComesBackAsAReplayFileThatReplaysHere() throws Exception {
        final Path out = dir.resolve("found");
        final Client c = client("found.txt", "hunt", litmus.toString(), "--model", "private-pages-racy", "--seed",
            "1", "--schedules", "3000", "--quiet", "--cluster", "127.0.0.1:" + port, "--out", out.toString());
        assertEquals(1, c.exit(), c.out());
        assertTrue(c.out().contains("Found at seed "), c.out());
        assertTrue(c.out().contains("violation(stolen-while-shared)"), c.out());
        assertTrue(c.out().contains("Replayed here from the replay file: reproduced"), c.out());
        final Matcher m = Pattern.compile("Replay file: (\\S+)").matcher(c.out());
        assertTrue(m.find(), c.out());
        final Path replay = Path.of(m.group(1));
        assertTrue(Files.isRegularFile(replay), replay.toString());
        final List<String> ranges = REPORTED.matcher(c.out()).results().map(r -> r.group(3)).toList();
        assertEquals(ranges.size(), new TreeSet<>(ranges).size(), c.out());
        // and in this JVM, by the replay command, from the file alone
        assertEquals(1, SplicelabCommand.execute("replay", replay.toString(), "--quiet"));
    }

    /** Every range 0..n-1 reported, none twice. */
    private static void assertOnce(final String out, final int n) {
        final List<Integer> seen = new ArrayList<>();
        final Matcher m = REPORTED.matcher(out);
        while (m.find()) {
            assertEquals(n, Integer.parseInt(m.group(2)), out);
            seen.add(Integer.parseInt(m.group(3)));
        }
        final Set<Integer> unique = new TreeSet<>(seen);
        assertEquals(n, seen.size(), "reports: " + seen + "\n" + out);
        assertEquals(n, unique.size(), "a range reported twice: " + seen + "\n" + out);
        assertEquals(0, ((TreeSet<Integer>) unique).first());
        assertEquals(n - 1, ((TreeSet<Integer>) unique).last());
    }

    private record Client(int exit, String out) {
    }

    private static Client client(final String log, final String... args) throws Exception {
        final Process p = startClient(log, args);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), read(log));
        return new Client(p.exitValue(), read(log));
    }

    private static Process startClient(final String log, final String... args) throws IOException {
        return start(log, args);
    }

    private static Process start(final String log, final String... args) throws IOException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-")).toList());
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), SplicelabCommand.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve(log).toFile()).start();
    }

    private static void await(final String log, final String text, final int seconds) throws Exception {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!read(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in " + log + " after " + seconds + " s:\n" + read(log));
            }
            Thread.sleep(100);
        }
    }

    private static String read(final String log) throws IOException {
        final Path p = dir.resolve(log);
        return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    }
}
