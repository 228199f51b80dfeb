package org.splicelab.kernel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.splicelab.actors.Simulator;
import org.splicelab.actors.WorldSpec;
import org.splicelab.litmus.FinalState;
import org.splicelab.litmus.LitmusCompiler;
import org.splicelab.litmus.LitmusFormat;
import org.splicelab.litmus.LitmusParseException;
import org.splicelab.litmus.LitmusParser;
import org.splicelab.litmus.LitmusRunner;
import org.splicelab.litmus.LitmusTest;
import org.splicelab.litmus.Value;
import org.splicelab.protocols.KernelModel;

/**
 * {@code splicelab fuzz}: random one-process litmus programs over files, pipes, sockets and user
 * memory, with lengths and offsets around page, slot and pipe-capacity boundaries, flags, non-blocking
 * and closed ends, truncate and O_DIRECT; each runs on the model ({@code linux}) and on the kernel and
 * is compared ({@link KernelComparison}). A disagreement's <em>signature</em> is the first statement
 * whose result differs (its operation, and the kind of result on each side); the first program of each
 * signature is shrunk (statements removed one at a time while the same signature remains) and kept.
 * Programs are generated from a {@link SplittableRandom} seeded with {@code seed + i}, so program
 * {@code i} of a seed is the same everywhere.
 */
public final class Fuzzer {
    private static final long[] LENGTHS = {0, 1, 2, 100, 511, 512, 4095, 4096, 4097, 8192, 65536, 65537, 131072};
    private static final long[] SIZES = {0, 1, 100, 4095, 4096, 4097, 8192, 12288, 65536};
    private static final long[] OFFSETS = {0, 1, 512, 4095, 4096, 4097, 8192, 65536};
    private static final String[] SOURCES = {"f", "f@", "d", "p", "q", "s.1", "t.1", "o", "o@"};
    private static final String[] SINKS = {"p", "q", "s.0", "t.0", "f", "a", "r.w"};
    private static final String[] READABLE = {"p", "q", "s.1", "t.1", "f", "d", "o", "r.r"};
    private static final String[] WRITABLE = {"p", "q", "s.0", "t.0", "f", "a", "r.w"};
    private static final String[] CLOSABLE = {"p.r", "p.w", "q.r", "q.w", "s.0", "s.1", "f", "r.r", "r.w"};

    /** One disagreement kept: its signature, how many programs showed it, the shrunk source with both outcomes. */
    public record Finding(String signature, long count, String source) {
    }

    /** What a campaign found. */
    public record Summary(long programs, long agreeing, long skipped, long unreproduced, Map<String, Finding> findings,
                          long millis) {
    }

    private final Simulator simulator;
    private final KernelRunner.Options kernelOptions;

    public Fuzzer(final Simulator simulator, final KernelRunner.Options kernelOptions) {
        this.simulator = simulator;
        this.kernelOptions = kernelOptions;
    }

    /** Runs {@code programs} programs from {@code seed}; {@code progress} gets a line now and then. */
    public Summary run(final int programs, final long seed, final java.util.function.Consumer<String> progress) {
        final long t0 = System.nanoTime();
        final Map<String, Finding> findings = new LinkedHashMap<>();
        long agreeing = 0;
        long skipped = 0;
        long unreproduced = 0;
        for (int i = 0; i < programs; i++) {
            final String source = generate(new SplittableRandom(seed + i), "fuzz-" + seed + "-" + i);
            final Checked c = check(source);
            if (c == null) {
                skipped++;
            } else if (c.signature == null) {
                agreeing++;
            } else if (!c.signature.equals(signatureOf(check(source)))) {
                unreproduced++;   // a second run of the same program did not show it: the host's timing, not a finding
            } else {
                final Finding f = findings.get(c.signature);
                if (f == null) {
                    findings.put(c.signature, new Finding(c.signature, 1, annotate(shrink(source, c.signature))));
                } else {
                    findings.put(c.signature, new Finding(f.signature(), f.count() + 1, f.source()));
                }
            }
            if ((i + 1) % 500 == 0) {
                progress.accept((i + 1) + " programs, " + findings.size() + " signatures");
            }
        }
        return new Summary(programs, agreeing, skipped, unreproduced, findings, (System.nanoTime() - t0) / 1_000_000);
    }

    private record Checked(String signature, KernelComparison.Result result) {
    }

    private static String signatureOf(final Checked c) {
        return c == null ? null : c.signature;
    }

    /** Both backends on {@code source}; null when it does not parse or the kernel cannot run it. */
    private Checked check(final String source) {
        final LitmusTest test;
        final WorldSpec world;
        try {
            test = LitmusParser.parse("fuzz.litmus", source);
            world = LitmusCompiler.compile(test, "fuzz.litmus", source);
        } catch (LitmusParseException e) {
            return null;
        }
        final KernelRunner.KernelOutcome k;
        try {
            k = KernelRunner.run(test, world, KernelModel.LINUX, kernelOptions);
        } catch (KernelException e) {
            return null;
        }
        final LitmusRunner.Outcome m = new LitmusRunner(simulator).run(test, world, KernelModel.LINUX,
            new LitmusRunner.Options(1, Duration.ofSeconds(10), org.splicelab.memory.PageArena.DEFAULT_FRAMES,
                org.splicelab.actors.Kernel.Options.DEFAULT));
        final KernelComparison.Result r = KernelComparison.compare(m, k);
        return new Checked(r.agrees() ? null : signature(test, source, r), r);
    }

    /** The first statement whose register differs: its operation and each side's kind of result. */
    static String signature(final LitmusTest test, final String source, final KernelComparison.Result r) {
        if (!r.model().problems().isEmpty() || !r.kernel().outcome().problems().isEmpty()) {
            return "problem: " + (r.model().problems().isEmpty() ? "kernel" : "model");
        }
        final FinalState ms = r.model().states().get(0).state();
        final FinalState ks = r.kernel().outcome().states().get(0).state();
        final Map<String, String> ops = registerOps(source);
        for (final String reg : test.registers()) {
            final Value a = ms.registers().get(reg);
            final Value b = ks.registers().get(reg);
            if (a == null ? b != null : !a.equals(b)) {
                return ops.getOrDefault(reg, "?") + ": model " + kind(a) + ", kernel " + kind(b);
            }
        }
        return "blocked: model " + ms.deadlock() + ", kernel " + ks.deadlock();
    }

    private static String kind(final Value v) {
        if (v == null) {
            return "unset";
        }
        if (v instanceof Value.Err e) {
            return e.errno().name();
        }
        return v instanceof Value.Int ? "count" : "data";
    }

    /** register → "op SRC -> DST" shape (operands kept, lengths and offsets dropped). */
    private static Map<String, String> registerOps(final String source) {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String line : source.split("\n")) {
            final String l = line.strip();
            final int eq = l.indexOf(" = ");
            if (eq > 0 && !l.startsWith("#")) {
                final String[] words = l.substring(eq + 3).split(" ");
                final StringBuilder shape = new StringBuilder(words[0]);
                for (int w = 1; w < words.length; w++) {
                    final String word = words[w];
                    if (word.matches("[0-9].*|'.*|\".*")) {
                        continue;
                    }
                    shape.append(' ').append(word.replaceAll("@[0-9]+", "@N"));
                }
                out.put(l.substring(0, eq), shape.toString());
            }
        }
        return out;
    }

    /** Removes statements one at a time while the program still disagrees with the same signature. */
    private String shrink(final String source, final String signature) {
        String best = source;
        boolean progress = true;
        while (progress) {
            progress = false;
            final List<String> lines = List.of(best.split("\n"));
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).startsWith("  ")) {
                    continue;
                }
                final List<String> cut = new ArrayList<>(lines);
                cut.remove(i);
                final String candidate = String.join("\n", cut) + "\n";
                final Checked c = check(candidate);
                if (c != null && signature.equals(c.signature)) {
                    best = candidate;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }

    /** The shrunk program with both outcomes as comments. */
    private String annotate(final String source) {
        final Checked c = check(source);
        if (c == null || c.result == null) {
            return source;
        }
        final StringBuilder sb = new StringBuilder();
        final String[] lines = source.split("\n");
        sb.append(lines[0]).append('\n');
        sb.append("# Found by splicelab fuzz; signature: ").append(c.signature).append('\n');
        for (final LitmusRunner.StateCount s : c.result.model().states()) {
            sb.append("# model linux: ").append(LitmusFormat.stateLine(c.result.model().test(), s.state())).append('\n');
        }
        for (final LitmusRunner.StateCount s : c.result.kernel().outcome().states()) {
            sb.append("# ").append(c.result.kernel().label()).append(": ")
                .append(LitmusFormat.stateLine(c.result.model().test(), s.state())).append('\n');
        }
        for (int i = 1; i < lines.length; i++) {
            sb.append(lines[i]).append('\n');
        }
        return sb.toString();
    }

    /** One random program, as litmus source. */
    static String generate(final SplittableRandom r, final String name) {
        final StringBuilder sb = new StringBuilder("litmus ").append(name).append('\n');
        final boolean direct = r.nextInt(5) == 0;
        sb.append("file f size=").append(pick(r, SIZES)).append(" fill=A").append('\n');
        sb.append("open d = f mode=ro").append(r.nextBoolean() ? " nonblock" : "").append('\n');
        sb.append("file a size=").append(pick(r, SIZES)).append(" fill=B append\n");
        sb.append("file o size=").append(pick(r, SIZES)).append(" fill=C").append(direct ? " odirect" : "")
            .append(direct ? (r.nextBoolean() ? " fs=ext4" : " fs=tmpfs") : "").append('\n');
        sb.append("pipe p").append(r.nextInt(3) == 0 ? " size=" + (4096L << r.nextInt(5)) : "")
            .append(r.nextInt(4) != 0 ? " nonblock" : "").append('\n');
        sb.append("pipe q size=").append(4096L << r.nextInt(5)).append(" nonblock\n");
        sb.append("pipe r nonblock\n");
        sb.append("socketpair s\nsocketpair t tcp\n");
        sb.append("mem m size=16384").append(r.nextBoolean() ? " fill=M" : "").append('\n');
        sb.append("process P0 {\n");
        final int n = 2 + r.nextInt(7);
        for (int i = 0; i < n; i++) {
            sb.append("  ").append(statement(r, "r" + i)).append('\n');
        }
        sb.append("}\n");
        return sb.toString();
    }

    private static String statement(final SplittableRandom r, final String reg) {
        final long len = pick(r, LENGTHS);
        final String flags = r.nextInt(3) == 0 ? " nonblock" : r.nextInt(6) == 0 ? " move" : r.nextInt(8) == 0 ? " more" : "";
        return reg + " = " + switch (r.nextInt(16)) {
            case 0, 1, 2 -> "splice " + operand(r, pick(r, SOURCES)) + " -> " + pick(r, SINKS) + " " + len + flags;
            case 3 -> "vmsplice m@" + 4096 * r.nextInt(2) + " -> " + pick(r, new String[] {"p", "q", "r.w"}) + " "
                + Math.min(len, 8192) + (r.nextBoolean() ? " gift" : r.nextBoolean() ? " nonblock" : "");
            case 4 -> "vmsplice " + pick(r, new String[] {"p", "q"}) + " -> m@0 " + Math.min(len, 16384)
                + (r.nextBoolean() ? " nonblock" : "");
            case 5 -> "tee " + pick(r, new String[] {"p", "q", "r.r"}) + " -> " + pick(r, new String[] {"q", "p", "r.w"}) + " "
                + len + flags;
            case 6 -> "sendfile " + operand(r, pick(r, new String[] {"f", "f@", "o", "o@", "d", "p"})) + " -> "
                + pick(r, SINKS) + " " + len;
            case 7, 8 -> "read " + pick(r, READABLE) + " " + len;
            case 9 -> "pread " + pick(r, new String[] {"f", "o", "d"}) + "@" + pick(r, OFFSETS) + " " + len;
            case 10, 11 -> "write " + pick(r, WRITABLE) + " 'x'*" + Math.max(1, Math.min(len, 8192));
            case 12 -> "pwrite " + pick(r, new String[] {"f", "o"}) + "@" + pick(r, OFFSETS) + " 'y'*" + Math.max(1, Math.min(len, 8192));
            case 13 -> pick(r, new String[] {"truncate f " + pick(r, SIZES), "fadvise f dontneed", "size f", "fionread p",
                "getpipe p", "setpipe p " + pick(r, new long[] {1, 4096, 8192, 65536, 100000})});
            case 14 -> "close " + pick(r, CLOSABLE);
            default -> "load m@" + 512 * r.nextInt(4) + " " + Math.min(len, 8192);
        };
    }

    private static String operand(final SplittableRandom r, final String op) {
        return op.endsWith("@") ? op + pick(r, OFFSETS) : op;
    }

    private static long pick(final SplittableRandom r, final long[] values) {
        return values[r.nextInt(values.length)];
    }

    private static String pick(final SplittableRandom r, final String[] values) {
        return values[r.nextInt(values.length)];
    }
}
