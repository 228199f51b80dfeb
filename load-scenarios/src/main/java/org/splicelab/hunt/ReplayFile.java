package org.splicelab.hunt;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.splicelab.actors.deterministic.Decision;

/**
 * A recorded schedule, as a HOCON file a person can read: the target (its kind, path or name, checksum
 * and parameters), the kernel model, how the schedule was found (strategy, seed), what it found, the
 * versions it ran on, and the decision list, one decision a line with a comment saying what it chose.
 * {@code ./splicelab replay} re-runs the decisions; the seed is there to re-find it with {@code hunt --seed}.
 *
 * @param target           {@link HuntTarget#reference()}: its prefix gives the kind ({@link #targetKind})
 * @param seed             the seed of the schedule that found it ({@code replay --from-seed} runs it again)
 * @param pctSteps         the k that schedule's PCT used (learned from the schedules before it)
 * @param schedule         its index in the hunt (0 = the first)
 * @param comments         one comment per decision (may be empty), written beside it and not read back
 * @param targetParameters {@link HuntTarget#parameters()} (a scenario's loop iterations)
 * @param huntSeed         the hunt's {@code --seed}: schedule i ran from {@code huntSeed + i}; names the file
 * @param memoryPoints     the schedule explored memory-level choice points ({@code memory-points = true}; files
 *                         without the key are older and did not)
 */
public record ReplayFile(String target, String checksum, String name, String model, String strategy, long seed,
                         int pctDepth, int pctSteps, long schedule, List<String> findings,
                         Map<String, String> versions, List<Decision> decisions, List<String> comments,
                         Map<String, String> targetParameters, long huntSeed, boolean memoryPoints) {
    /** The format's version, {@code splicelab-replay = 1}. */
    public static final int FORMAT = 1;

    public ReplayFile {
        findings = List.copyOf(findings);
        versions = Map.copyOf(new LinkedHashMap<>(versions));
        decisions = List.copyOf(decisions);
        comments = List.copyOf(comments);
        targetParameters = Map.copyOf(targetParameters);
    }

    /** A file without memory points. */
    public ReplayFile(final String target, final String checksum, final String name, final String model,
                      final String strategy, final long seed, final int pctDepth, final int pctSteps,
                      final long schedule, final List<String> findings, final Map<String, String> versions,
                      final List<Decision> decisions, final List<String> comments,
                      final Map<String, String> targetParameters, final long huntSeed) {
        this(target, checksum, name, model, strategy, seed, pctDepth, pctSteps, schedule, findings, versions,
            decisions, comments, targetParameters, huntSeed, false);
    }

    /** A file whose hunt started at the schedule's own seed. */
    public ReplayFile(final String target, final String checksum, final String name, final String model,
                      final String strategy, final long seed, final int pctDepth, final int pctSteps,
                      final long schedule, final List<String> findings, final Map<String, String> versions,
                      final List<Decision> decisions, final List<String> comments,
                      final Map<String, String> targetParameters) {
        this(target, checksum, name, model, strategy, seed, pctDepth, pctSteps, schedule, findings, versions,
            decisions, comments, targetParameters, seed);
    }

    /** A file for a target without parameters (a litmus file, a class). */
    public ReplayFile(final String target, final String checksum, final String name, final String model,
                      final String strategy, final long seed, final int pctDepth, final int pctSteps,
                      final long schedule, final List<String> findings, final Map<String, String> versions,
                      final List<Decision> decisions, final List<String> comments) {
        this(target, checksum, name, model, strategy, seed, pctDepth, pctSteps, schedule, findings, versions,
            decisions, comments, Map.of());
    }

    /** This file with other decisions (and comments), e.g. after shrinking. */
    public ReplayFile withDecisions(final List<Decision> d, final List<String> c, final List<String> found) {
        return new ReplayFile(target, checksum, name, model, strategy, seed, pctDepth, pctSteps, schedule, found,
            versions, d, c, targetParameters, huntSeed, memoryPoints);
    }

    /** {@code litmus}, {@code scenario} or {@code class}, from the reference's prefix. */
    public String targetKind() {
        return kindOf(target);
    }

    static String kindOf(final String reference) {
        if (reference.startsWith("class:")) {
            return "class";
        }
        return reference.startsWith(ScenarioTarget.PREFIX) ? "scenario" : "litmus";
    }

    /** {@code NAME-SEED.replay}, SEED the hunt's {@code --seed} (so {@code hunt --seed 1} writes {@code NAME-1.replay}). */
    public String fileName() {
        return safeName() + "-" + huntSeed + ".replay";
    }

    private String safeName() {
        return name.replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    /**
     * Where this file goes in {@code dir}: {@link #fileName()}, unless a replay file of another target
     * (another path with the same test name) is already there; then {@code NAME-HASH-SEED.replay}, HASH
     * eight hex digits of the target's reference, so two targets never overwrite each other's file.
     */
    public Path pathIn(final Path dir) {
        final Path plain = dir.resolve(fileName());
        if (!Files.exists(plain) || target.equals(targetOf(plain))) {
            return plain;
        }
        return dir.resolve(safeName() + "-" + LitmusTarget.sha256(target).substring("sha256:".length(),
            "sha256:".length() + 8) + "-" + huntSeed + ".replay");
    }

    /** The target an existing replay file names, or null when it is not a readable replay file. */
    private static String targetOf(final Path file) {
        try {
            return read(file).target();
        } catch (RuntimeException e) {
            return null;
        }
    }

    public String render() {
        final StringBuilder sb = new StringBuilder();
        sb.append("# splicelab replay file: re-run it with  ./splicelab replay <this file>  (add --shrink to minimise)\n");
        sb.append("splicelab-replay = ").append(FORMAT).append('\n');
        sb.append("name = ").append(q(name)).append('\n');
        sb.append("target-kind = ").append(q(targetKind())).append('\n');
        sb.append("target = ").append(q(target)).append('\n');
        sb.append("target-checksum = ").append(q(checksum)).append('\n');
        if (!targetParameters.isEmpty()) {
            sb.append("target-parameters {\n");
            targetParameters.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                sb.append("  ").append(q(e.getKey())).append(" = ").append(q(e.getValue())).append('\n'));
            sb.append("}\n");
        }
        sb.append("model = ").append(q(model)).append('\n');
        if (memoryPoints) {
            sb.append("# every step could be suspended at memory-level points (x decisions): hunt --memory-points\n");
            sb.append("memory-points = true\n");
        }
        final StringBuilder params = new StringBuilder();
        targetParameters.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(e -> params.append(" --").append(e.getKey()).append(' ').append(e.getValue()));
        if (memoryPoints != defaultMemoryPoints()) {
            params.append(memoryPoints ? " --memory-points" : " --no-memory-points");
        }
        sb.append("# how it was found: schedule ").append(schedule).append(" of hunt --strategy ").append(strategy)
            .append(" --seed ").append(huntSeed).append(params).append("; alone: hunt --strategy ").append(strategy)
            .append(" --seed ").append(seed).append("pct".equals(strategy) ? " --pct-k " + pctSteps : "")
            .append(" --schedules 1").append(params)
            .append(" finds it again (while the target and splicelab are unchanged)\n");
        sb.append("strategy = ").append(q(strategy)).append('\n');
        sb.append("hunt-seed = ").append(huntSeed).append('\n');
        sb.append("seed = ").append(seed).append('\n');
        sb.append("pct-depth = ").append(pctDepth).append('\n');
        sb.append("pct-steps = ").append(pctSteps).append('\n');
        sb.append("schedule = ").append(schedule).append('\n');
        sb.append("found = [\n");
        findings.forEach(f -> sb.append("  ").append(q(f)).append('\n'));
        sb.append("]\n");
        sb.append("versions {\n");
        versions.forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(q(v)).append('\n'));
        sb.append("}\n");
        sb.append("# ").append(decisions.size()).append(" decisions: a = which actor steps next, m = which sender's ")
            .append("message an actor takes next, p = which process request goes next, x = which step runs while one is "
                + "suspended at a memory-level point (option 0: it goes on); chosen/options, options in path order\n");
        sb.append("decisions = [\n");
        for (int i = 0; i < decisions.size(); i++) {
            sb.append("  ").append(q(decisions.get(i).toString()));
            if (i < comments.size() && !comments.get(i).isEmpty()) {
                sb.append("  # ").append(comments.get(i).replace('\n', ' '));
            }
            sb.append('\n');
        }
        sb.append("]\n");
        return sb.toString();
    }

    public void write(final Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, render(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** Reads a replay file; {@link IllegalArgumentException} with the reason when it is not one. */
    public static ReplayFile read(final Path file) {
        final String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(file.toString(), text);
    }

    public static ReplayFile parse(final String label, final String text) {
        try {
            final Config c = ConfigFactory.parseString(text).resolve();
            final int format = c.getInt("splicelab-replay");
            if (format != FORMAT) {
                throw new IllegalArgumentException(label + ": replay format " + format + " (this splicelab reads "
                    + FORMAT + ")");
            }
            final List<Decision> decisions = new ArrayList<>();
            for (final String d : c.getStringList("decisions")) {
                decisions.add(Decision.parse(d));
            }
            final Map<String, String> versions = new LinkedHashMap<>();
            if (c.hasPath("versions")) {
                c.getConfig("versions").root().keySet().stream().sorted()
                    .forEach(k -> versions.put(k, c.getConfig("versions").getString(k)));
            }
            final String target = c.getString("target");
            if (c.hasPath("target-kind") && !c.getString("target-kind").equals(kindOf(target))) {
                throw new IllegalArgumentException(label + ": target-kind = " + c.getString("target-kind")
                    + " does not match target " + target + " (a " + kindOf(target) + ")");
            }
            final Map<String, String> parameters = new LinkedHashMap<>();
            if (c.hasPath("target-parameters")) {
                c.getConfig("target-parameters").root().forEach((k, v) -> parameters.put(k, String.valueOf(v.unwrapped())));
            }
            return new ReplayFile(target, c.hasPath("target-checksum") ? c.getString("target-checksum") : "",
                c.hasPath("name") ? c.getString("name") : "replay", c.getString("model"),
                c.hasPath("strategy") ? c.getString("strategy") : "", c.hasPath("seed") ? c.getLong("seed") : 0,
                c.hasPath("pct-depth") ? c.getInt("pct-depth") : 0, c.hasPath("pct-steps") ? c.getInt("pct-steps") : 0,
                c.hasPath("schedule") ? c.getLong("schedule") : 0,
                c.hasPath("found") ? c.getStringList("found") : List.of(), versions, decisions, List.of(), parameters,
                c.hasPath("hunt-seed") ? c.getLong("hunt-seed") : c.hasPath("seed") ? c.getLong("seed") : 0,
                c.hasPath("memory-points") && c.getBoolean("memory-points"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(label + ": not a replay file: " + e.getMessage(), e);
        }
    }

    /** Whether a hunt of this file's model explores memory points without being told ({@link Hunter#defaultMemoryPoints}). */
    private boolean defaultMemoryPoints() {
        try {
            return Hunter.defaultMemoryPoints(org.splicelab.protocols.KernelModel.fromId(model));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String q(final String s) {
        return ConfigUtil.quoteString(s);
    }
}
