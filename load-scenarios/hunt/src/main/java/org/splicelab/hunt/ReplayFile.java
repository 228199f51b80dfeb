package org.splicelab.hunt;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
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
            text = org.splicelab.scenario.TextFiles.read(file);
        } catch (org.splicelab.scenario.TextFiles.NotText e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException(file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + org.splicelab.scenario.BuiltInScenarios.reason(e), e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Parses a replay file's text; {@link IllegalArgumentException} whose message names {@code label}, the
     * line, the key and what was expected when it is not one.
     */
    public static ReplayFile parse(final String label, final String text) {
        final Config c;
        try {
            c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(label)
                .setSyntax(ConfigSyntax.CONF)).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(at(label, e.origin()) + "not a replay file (expected HOCON as hunt "
                + "writes it): " + strip(label, e.getMessage()), e);
        }
        return new Reader(label, c).file();
    }

    /** Strict typed access with {@code FILE:LINE: 'key': expected X, found Y} errors. */
    private record Reader(String label, Config c) {
        ReplayFile file() {
            if (!c.hasPath("splicelab-replay")) {
                throw new IllegalArgumentException(label + ":1: not a replay file: expected 'splicelab-replay = "
                    + FORMAT + "' (written by hunt), found no such key");
            }
            final ConfigValue fv = c.getValue("splicelab-replay");
            if (fv.valueType() != ConfigValueType.NUMBER) {
                throw error("splicelab-replay", "replay format " + FORMAT + " (what this splicelab reads)", type(fv));
            }
            final long format = number("splicelab-replay", 0, Integer.MAX_VALUE);
            if (format != FORMAT) {
                throw error("splicelab-replay", "replay format " + FORMAT + " (what this splicelab reads)",
                    Long.toString(format));
            }
            final String target = string("target");
            if (c.hasPath("target-kind") && !string("target-kind").equals(kindOf(target))) {
                throw error("target-kind", kindOf(target) + " (the kind of target " + target + ")",
                    string("target-kind"));
            }
            final String model = string("model");
            try {
                org.splicelab.protocols.KernelModel.fromId(model);
            } catch (IllegalArgumentException e) {
                throw error("model", "one of " + org.splicelab.protocols.KernelModel.ids(), model);
            }
            final String strategy = c.hasPath("strategy") ? string("strategy") : "";
            if (!strategy.isEmpty() && !strategy.equals("pct") && !strategy.equals("random")) {
                throw error("strategy", "pct or random", strategy);
            }
            final List<Decision> decisions = new ArrayList<>();
            for (final ConfigValue v : list("decisions")) {
                try {
                    if (v.valueType() != ConfigValueType.STRING) {
                        throw new IllegalArgumentException(v.render());
                    }
                    decisions.add(Decision.parse((String) v.unwrapped()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(label + ":" + line(v) + ": 'decisions': expected decisions "
                        + "such as \"a0/2\" (a, m, p or x, the option chosen, slash, the options), found " + render(v), e);
                }
            }
            return new ReplayFile(target, optional("target-checksum", ""), optional("name", "replay"), model, strategy,
                c.hasPath("seed") ? number("seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0,
                (int) (c.hasPath("pct-depth") ? number("pct-depth", 0, 1 << 20) : 0),
                (int) (c.hasPath("pct-steps") ? number("pct-steps", 0, Integer.MAX_VALUE) : 0),
                c.hasPath("schedule") ? number("schedule", 0, Long.MAX_VALUE) : 0, strings("found"),
                stringMap("versions"), decisions, List.of(), stringMap("target-parameters"),
                c.hasPath("hunt-seed") ? number("hunt-seed", Long.MIN_VALUE, Long.MAX_VALUE)
                    : c.hasPath("seed") ? number("seed", Long.MIN_VALUE, Long.MAX_VALUE) : 0,
                c.hasPath("memory-points") && bool("memory-points"));
        }

        private ConfigValue value(final String key) {
            if (!c.hasPath(key)) {
                throw new IllegalArgumentException(label + ":1: missing '" + key + "' (expected a replay file as "
                    + "hunt writes it)");
            }
            return c.getValue(key);
        }

        String string(final String key) {
            final ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.STRING) {
                throw error(key, "a string", type(v));
            }
            return (String) v.unwrapped();
        }

        boolean bool(final String key) {
            final ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.BOOLEAN) {
                throw error(key, "true or false", type(v));
            }
            return (Boolean) v.unwrapped();
        }

        String optional(final String key, final String otherwise) {
            return c.hasPath(key) ? string(key) : otherwise;
        }

        long number(final String key, final long min, final long max) {
            final ConfigValue v = value(key);
            final String range = min == Long.MIN_VALUE ? "a whole number" : "a whole number from " + min + " to " + max;
            if (v.valueType() != ConfigValueType.NUMBER) {
                throw error(key, range, type(v));
            }
            final Number n = (Number) v.unwrapped();
            if (!(n instanceof Integer || n instanceof Long) || n.longValue() < min || n.longValue() > max) {
                throw error(key, range, render(v));
            }
            return n.longValue();
        }

        com.typesafe.config.ConfigList list(final String key) {
            final ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.LIST) {
                throw error(key, "a list", type(v));
            }
            return (com.typesafe.config.ConfigList) v;
        }

        List<String> strings(final String key) {
            if (!c.hasPath(key)) {
                return List.of();
            }
            final List<String> out = new ArrayList<>();
            for (final ConfigValue v : list(key)) {
                if (v.valueType() != ConfigValueType.STRING) {
                    throw new IllegalArgumentException(label + ":" + line(v) + ": '" + key + "': expected a list of "
                        + "strings, found " + type(v));
                }
                out.add((String) v.unwrapped());
            }
            return out;
        }

        Map<String, String> stringMap(final String key) {
            final Map<String, String> out = new LinkedHashMap<>();
            if (!c.hasPath(key)) {
                return out;
            }
            final ConfigValue v = value(key);
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw error(key, "an object of names and strings", type(v));
            }
            ((com.typesafe.config.ConfigObject) v).entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                final ConfigValue x = e.getValue();
                if (x.valueType() == ConfigValueType.OBJECT || x.valueType() == ConfigValueType.LIST) {
                    throw new IllegalArgumentException(label + ":" + line(x) + ": '" + key + "." + e.getKey()
                        + "': expected a string, found " + type(x));
                }
                out.put(e.getKey(), String.valueOf(x.unwrapped()));
            });
            return out;
        }

        IllegalArgumentException error(final String key, final String expected, final String found) {
            return new IllegalArgumentException(label + ":" + line(c.getValue(key)) + ": '" + key + "': expected "
                + expected + ", found " + found);
        }

        private static String type(final ConfigValue v) {
            return v.valueType().name().toLowerCase(java.util.Locale.ROOT) + " " + render(v);
        }

        private static String render(final ConfigValue v) {
            return v.render(com.typesafe.config.ConfigRenderOptions.concise());
        }

        private static int line(final ConfigValue v) {
            return Math.max(1, v.origin().lineNumber());
        }
    }

    /** The line of {@code key} in the replay file {@code file}, or 1. */
    public static int lineOf(final Path file, final String key) {
        try {
            final Config c = ConfigFactory.parseString(org.splicelab.scenario.TextFiles.read(file));
            return c.hasPath(key) ? Math.max(1, c.getValue(key).origin().lineNumber()) : 1;
        } catch (IOException | ConfigException e) {
            return 1;
        }
    }

    private static String at(final String label, final com.typesafe.config.ConfigOrigin origin) {
        return label + ":" + (origin != null && origin.lineNumber() > 0 ? origin.lineNumber() : 1) + ": ";
    }

    private static String strip(final String label, final String message) {
        final String prefix = label + ": ";
        final String m = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        return m.replaceFirst("^\\d+: ", "");
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
