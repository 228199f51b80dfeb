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
 * {@code splicelab fuzz}: random litmus programs over files, pipes, sockets and user memory, with
 * lengths and offsets around page, slot and pipe-capacity boundaries, flags, non-blocking and closed
 * ends, truncate and O_DIRECT; each runs on the model ({@code linux}) and on the kernel and is compared
 * ({@link KernelComparison}). A disagreement's <em>signature</em> is the first statement whose result
 * differs (its operation, and the kind of result on each side); the first program of each signature is
 * shrunk (statements removed one at a time while the same signature remains) and kept. Programs are
 * generated from a {@link SplittableRandom} seeded with {@code seed + i}, so program {@code i} of a seed
 * is the same everywhere.
 *
 * <p>With several processes ({@code processes > 1}, 1–3 statements each, on the same objects) the model
 * explores every interleaving of process steps and the kernel runs the program {@code runs} times with
 * aligned starts (litmus7-style); a disagreement is a final state the kernel reached that the model
 * does not offer. A program the model cannot explore exhaustively is not compared (a state missing from
 * a sample is no evidence), and is counted apart.
 */
public final class Fuzzer {
    private static final long[] LENGTHS = {0, 1, 2, 100, 511, 512, 4095, 4096, 4097, 8192, 65536, 65537, 131072};
    private static final long[] SIZES = {0, 1, 100, 4095, 4096, 4097, 8192, 12288, 65536};
    private static final long[] OFFSETS = {0, 1, 512, 4095, 4096, 4097, 8192, 65536};
    private static final String[] SOURCES = {"f", "f@", "d", "p", "q", "s.1", "t.1", "o", "o@", "u.1", "z", "z@", "n",
        "x"};
    private static final String[] SINKS = {"p", "q", "s.0", "t.0", "f", "a", "r.w", "u.0", "z", "n", "x"};
    private static final String[] READABLE = {"p", "q", "s.1", "t.1", "f", "d", "o", "r.r", "u.1", "z", "n", "x"};
    private static final String[] WRITABLE = {"p", "q", "s.0", "t.0", "f", "a", "r.w", "u.0", "z", "n", "x"};
    private static final String[] CLOSABLE = {"p.r", "p.w", "q.r", "q.w", "s.0", "s.1", "f", "r.r", "r.w"};

    /** One disagreement kept: its signature, how many programs showed it, the shrunk source with both outcomes. */
    public record Finding(String signature, long count, String source) {
    }

    /** What a campaign found. */
    public record Summary(long programs, long agreeing, long skipped, long unreproduced, Map<String, Finding> findings,
                          long millis, long notExhaustive) {
    }

    /** The most processes a program has: more makes the interleavings too many to explore exhaustively. */
    public static final int MAX_PROCESSES = 3;
    /** The memory of P1 and P2 when they are processes of their own (one letter, as every object's name). */
    private static final String[] OWN_MEMORY = {"k", "v"};

    private final Simulator simulator;
    private final KernelRunner.Options kernelOptions;
    private final int processes;

    /** One-process programs; the kernel runs each once ({@code kernelOptions.runs()}). */
    public Fuzzer(final Simulator simulator, final KernelRunner.Options kernelOptions) {
        this(simulator, kernelOptions, 1);
    }

    /** Programs of {@code processes} processes (1 to {@link #MAX_PROCESSES}); the kernel runs each {@code kernelOptions.runs()} times. */
    public Fuzzer(final Simulator simulator, final KernelRunner.Options kernelOptions, final int processes) {
        if (processes < 1 || processes > MAX_PROCESSES) {
            throw new IllegalArgumentException("processes: 1 to " + MAX_PROCESSES + ", not " + processes);
        }
        this.simulator = simulator;
        this.kernelOptions = kernelOptions;
        this.processes = processes;
    }

    /** Runs {@code programs} programs from {@code seed}; {@code progress} gets a line now and then. */
    public Summary run(final int programs, final long seed, final java.util.function.Consumer<String> progress) {
        final long t0 = System.nanoTime();
        final Map<String, Finding> findings = new LinkedHashMap<>();
        long agreeing = 0;
        long skipped = 0;
        long unreproduced = 0;
        long notExhaustive = 0;
        for (int i = 0; i < programs; i++) {
            final String source = generate(new SplittableRandom(seed + i), "fuzz-" + seed + "-" + i, processes);
            final Checked c = check(source);
            if (c == null) {
                skipped++;
            } else if (c == NOT_EXHAUSTIVE) {
                notExhaustive++;
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
        return new Summary(programs, agreeing, skipped, unreproduced, findings, (System.nanoTime() - t0) / 1_000_000,
            notExhaustive);
    }

    private record Checked(String signature, KernelComparison.Result result) {
    }

    /** A several-process program the model could only sample: not compared. */
    private static final Checked NOT_EXHAUSTIVE = new Checked(null, null);

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
        if (test.processes().size() > 1 && !m.exploration().contains("exhaustive")) {
            return NOT_EXHAUSTIVE;
        }
        final KernelComparison.Result r = KernelComparison.compare(m, k);
        return new Checked(r.agrees() ? null : signature(test, source, r), r);
    }

    /** The first statement whose register differs: its operation and each side's kind of result. */
    static String signature(final LitmusTest test, final String source, final KernelComparison.Result r) {
        if (!r.model().problems().isEmpty() || !r.kernel().outcome().problems().isEmpty()) {
            return "problem: " + (r.model().problems().isEmpty() ? "kernel" : "model");
        }
        final FinalState ks = unoffered(r);
        final FinalState ms = nearest(r.model().states(), ks);
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

    /** The first kernel state the model does not offer (one process: the kernel's only state). */
    private static FinalState unoffered(final KernelComparison.Result r) {
        for (final LitmusRunner.StateCount k : r.kernel().outcome().states()) {
            if (distance(nearest(r.model().states(), k.state()), k.state()) > 0) {
                return k.state();
            }
        }
        return r.kernel().outcome().states().get(0).state();
    }

    /** The model's state closest to {@code k}: the fewest registers (and the blocked flag) differing. */
    private static FinalState nearest(final List<LitmusRunner.StateCount> model, final FinalState k) {
        FinalState best = model.get(0).state();
        int bestDistance = Integer.MAX_VALUE;
        for (final LitmusRunner.StateCount m : model) {
            final int d = distance(m.state(), k);
            if (d < bestDistance) {
                best = m.state();
                bestDistance = d;
            }
        }
        return best;
    }

    private static int distance(final FinalState a, final FinalState b) {
        int d = a.deadlock() == b.deadlock() ? 0 : 1;
        final java.util.Set<String> regs = new java.util.HashSet<>(a.registers().keySet());
        regs.addAll(b.registers().keySet());
        for (final String reg : regs) {
            if (!java.util.Objects.equals(a.registers().get(reg), b.registers().get(reg))) {
                d++;
            }
        }
        return d;
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

    /** One random one-process program, as litmus source. */
    static String generate(final SplittableRandom r, final String name) {
        return generate(r, name, 1);
    }

    /**
     * One random program of {@code processes} processes, as litmus source: one process has 2–8
     * statements; several have 1–3 each, so that the
     * model can explore every interleaving.
     */
    static String generate(final SplittableRandom r, final String name, final int processes) {
        final StringBuilder decl = new StringBuilder();
        final boolean direct = r.nextInt(5) == 0;
        decl.append("file f size=").append(pick(r, SIZES)).append(" fill=A").append('\n');
        decl.append("open d = f mode=ro").append(r.nextBoolean() ? " nonblock" : "").append('\n');
        decl.append("file a size=").append(pick(r, SIZES)).append(" fill=B append\n");
        decl.append("file o size=").append(pick(r, SIZES)).append(" fill=C").append(direct ? " odirect" : "")
            .append(direct ? (r.nextBoolean() ? " fs=ext4" : " fs=tmpfs") : "").append('\n');
        decl.append("pipe p").append(r.nextInt(3) == 0 ? " size=" + (4096L << r.nextInt(5)) : "")
            .append(r.nextInt(4) != 0 ? " nonblock" : "").append('\n');
        decl.append("pipe q size=").append(4096L << r.nextInt(5)).append(" nonblock\n");
        decl.append("pipe r nonblock\n");
        decl.append("socketpair s\nsocketpair t tcp\n");
        decl.append("socketpair u udp").append(r.nextBoolean() ? " nonblock" : "").append('\n');
        decl.append("device z zero\ndevice n null\ndevice x full\n");
        decl.append("mem m size=16384").append(r.nextBoolean() ? " fill=M" : "").append('\n');
        final StringBuilder body = new StringBuilder();
        int reg = 0;
        for (int p = 0; p < processes; p++) {
            // a later process is a thread of P0 (shares its memory m) or a process with memory of its own
            final boolean thread = p > 0 && r.nextBoolean();
            final String mem = p == 0 || thread ? "m" : OWN_MEMORY[p - 1];
            if (!mem.equals("m")) {
                decl.append("mem ").append(mem).append(" size=16384").append(r.nextBoolean() ? " fill=N" : "").append('\n');
            }
            body.append("process P").append(p).append(thread ? " shares P0" : "").append(" {\n");
            final int n = processes == 1 ? 2 + r.nextInt(7) : 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                body.append("  ").append(statement(r, "r" + reg++).replace("m@", mem + "@")).append('\n');
            }
            body.append("}\n");
        }
        final StringBuilder sb = new StringBuilder("litmus ").append(name).append('\n');
        if (processes == 1) {
            sb.append(decl);
        } else {
            // only the objects the statements name: every descriptor is closed at each process's exit, and
            // unused ones would multiply the interleavings past what the model explores exhaustively
            final java.util.Set<String> used = namesUsed(body.toString());
            for (final String line : decl.toString().split("\n")) {
                final String object = line.split(" ")[1];
                if (used.contains(object) || object.equals("f") && used.contains("d")) {
                    sb.append(line).append('\n');
                }
            }
        }
        return sb.append(body).toString();
    }

    /** The object names the statements of {@code body} use ({@code p.r}, {@code s.0}, {@code f@4096} are p, s, f). */
    private static java.util.Set<String> namesUsed(final String body) {
        final java.util.Set<String> out = new java.util.HashSet<>();
        for (final String line : body.split("\n")) {
            final int eq = line.indexOf(" = ");
            if (eq < 0) {
                continue;
            }
            final String[] words = line.substring(eq + 3).strip().split(" ");
            for (int w = 1; w < words.length; w++) {
                final String word = words[w].replaceAll("[.@].*", "");
                if (word.matches("[a-z]")) {
                    out.add(word);
                }
            }
        }
        return out;
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
            case 6 -> "sendfile " + operand(r, pick(r, new String[] {"f", "f@", "o", "o@", "d", "p", "z", "n", "u.1"})) + " -> "
                + pick(r, SINKS) + " " + len;
            case 7, 8 -> "read " + pick(r, READABLE) + " " + len;
            case 9 -> "pread " + pick(r, new String[] {"f", "o", "d"}) + "@" + pick(r, OFFSETS) + " " + len;
            case 10, 11 -> "write " + pick(r, WRITABLE) + " 'x'*" + Math.max(1, Math.min(len, 8192));
            case 12 -> "pwrite " + pick(r, new String[] {"f", "o"}) + "@" + pick(r, OFFSETS) + " 'y'*" + Math.max(1, Math.min(len, 8192));
            case 13 -> pick(r, new String[] {"truncate f " + pick(r, SIZES), "fadvise f dontneed", "size f", "fionread p",
                "fionread u.1", "fionread z", "pread z@" + pick(r, OFFSETS) + " " + Math.min(len, 8192),
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
