package org.splicelab.report;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A host's kernel cost profile: the kernel release and CPU it was measured on and the unit cost of each
 * event of {@link KernelCost#EVENTS} in nanoseconds (with each unit's min and max over the rounds). A
 * small HOCON file written by {@code splicelab calibrate}; reading one checks every key and names the
 * file and line of what is wrong ({@link Invalid}).
 *
 * @param source   where it was read from (its path), or where it is to be written
 * @param kernel   {@code uname -r} of the host it was measured on
 * @param machine  {@code uname -m}
 * @param cpu      /proc/cpuinfo's model name
 * @param cpus     processors available to the calibration
 * @param measured when (ISO-8601, UTC)
 * @param rounds   measured rounds per unit
 * @param cacheBytes the CPU cache one core has to itself (L2): copies from a file set larger than this are
 *                 priced as cold ({@code copy-page-cold})
 * @param unitsNs  event → nanoseconds (the median of the rounds)
 * @param spreadNs event → {min, max} over the rounds
 */
public record KernelProfile(String source, String kernel, String machine, String cpu, int cpus, String measured,
                            int rounds, long cacheBytes, Map<String, Double> unitsNs, Map<String, double[]> spreadNs) {
    private static final List<String> KEYS = List.of("kernel", "machine", "cpu", "cpus", "measured", "rounds",
        "cache-bytes", "units-ns", "spread-ns");

    /** A profile file that cannot be used: the message is {@code FILE:LINE: what was expected}. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;

        public Invalid(final String message) {
            super(message);
        }
    }

    /** The profile as its file's text. */
    public String render(final Map<String, String> comments) {
        final StringBuilder sb = new StringBuilder();
        sb.append("# splicelab kernel cost profile, written by `splicelab calibrate` (ADR 0019).\n");
        sb.append("# units-ns: nanoseconds per event on this host, the median of the rounds; spread-ns: [min, max].\n");
        sb.append("kernel = ").append(quote(kernel)).append('\n');
        sb.append("machine = ").append(quote(machine)).append('\n');
        sb.append("cpu = ").append(quote(cpu)).append('\n');
        sb.append("cpus = ").append(cpus).append('\n');
        sb.append("measured = ").append(quote(measured)).append('\n');
        sb.append("rounds = ").append(rounds).append('\n');
        sb.append("# the L2 cache of one core: copies from files larger than this in all are priced copy-page-cold\n");
        sb.append("cache-bytes = ").append(cacheBytes).append('\n');
        sb.append("units-ns {\n");
        unitsNs.forEach((k, v) -> {
            if (comments.containsKey(k)) {
                sb.append("  # ").append(comments.get(k)).append('\n');
            }
            sb.append("  ").append(k).append(" = ").append(String.format(java.util.Locale.ROOT, "%.1f", v)).append('\n');
        });
        sb.append("}\nspread-ns {\n");
        spreadNs.forEach((k, v) -> sb.append("  ").append(k).append(String.format(java.util.Locale.ROOT,
            " = [%.1f, %.1f]%n", v[0], v[1])));
        sb.append("}\n");
        return sb.toString();
    }

    /** Writes the profile to {@link #source()}, creating its directory. */
    public void write(final Map<String, String> comments) throws IOException {
        final Path file = Path.of(source);
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, render(comments));
    }

    /** Reads and checks a profile file. */
    public static KernelProfile read(final Path file) throws Invalid {
        final String name = file.toString();
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new Invalid(name + ": cannot read the profile (" + (e instanceof java.nio.file.NoSuchFileException
                ? "no such file" : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage()) + "); `splicelab calibrate` writes one");
        }
        final String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Invalid(name + ":1: expected a UTF-8 text profile, found binary data");
        }
        if (text.indexOf('\0') >= 0) {
            throw new Invalid(name + ":" + (1 + text.substring(0, text.indexOf('\0')).chars().filter(c -> c == '\n')
                .count()) + ": expected a UTF-8 text profile, found a NUL byte");
        }
        final Config c;
        try {
            c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF)
                .setOriginDescription(name));
        } catch (ConfigException e) {
            final int line = e.origin() == null ? 1 : Math.max(1, e.origin().lineNumber());
            throw new Invalid(name + ":" + line + ": not a HOCON profile: " + strip(name, e.getMessage()));
        }
        for (final Map.Entry<String, ConfigValue> e : c.root().entrySet()) {
            if (!KEYS.contains(e.getKey())) {
                throw new Invalid(at(name, e.getValue()) + "unknown key " + e.getKey() + " (expected "
                    + String.join(", ", KEYS) + ")");
            }
        }
        final Map<String, Double> units = numbers(name, c, "units-ns");
        final Map<String, double[]> spread = new LinkedHashMap<>();
        if (c.hasPath("spread-ns")) {
            for (final Map.Entry<String, ConfigValue> e : object(name, c, "spread-ns").entrySet()) {
                known(name, "spread-ns", e.getKey(), e.getValue());
                if (e.getValue().valueType() != ConfigValueType.LIST) {
                    throw new Invalid(at(name, e.getValue()) + "spread-ns." + e.getKey() + ": expected [min, max]");
                }
                final List<?> l = (List<?>) e.getValue().unwrapped();
                if (l.size() != 2 || !(l.get(0) instanceof Number) || !(l.get(1) instanceof Number)) {
                    throw new Invalid(at(name, e.getValue()) + "spread-ns." + e.getKey() + ": expected [min, max]");
                }
                spread.put(e.getKey(), new double[] {((Number) l.get(0)).doubleValue(), ((Number) l.get(1)).doubleValue()});
            }
        }
        return new KernelProfile(name, string(name, c, "kernel"), string(name, c, "machine"), string(name, c, "cpu"),
            whole(name, c, "cpus"), string(name, c, "measured"), whole(name, c, "rounds"), whole(name, c, "cache-bytes"),
            units, spread);
    }

    private static Map<String, Double> numbers(final String name, final Config c, final String key) throws Invalid {
        final Map<String, ConfigValue> o = object(name, c, key);
        final Map<String, Double> m = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> e : o.entrySet()) {
            known(name, key, e.getKey(), e.getValue());
            if (e.getValue().valueType() != ConfigValueType.NUMBER
                || ((Number) e.getValue().unwrapped()).doubleValue() < 0
                || !Double.isFinite(((Number) e.getValue().unwrapped()).doubleValue())) {
                throw new Invalid(at(name, e.getValue()) + key + "." + e.getKey()
                    + ": expected a number of nanoseconds >= 0, found " + e.getValue().render());
            }
        }
        for (final String event : KernelCost.EVENTS.keySet()) {
            if (!o.containsKey(event)) {
                throw new Invalid(at(name, c.getValue(key)) + key + ": missing " + event + " (every unit of "
                    + String.join(", ", KernelCost.EVENTS.keySet()) + " is needed)");
            }
            m.put(event, ((Number) o.get(event).unwrapped()).doubleValue());
        }
        return m;
    }

    private static void known(final String name, final String key, final String event, final ConfigValue v)
        throws Invalid {
        if (!KernelCost.EVENTS.containsKey(event)) {
            throw new Invalid(at(name, v) + key + ": unknown unit " + event + " (expected "
                + String.join(", ", KernelCost.EVENTS.keySet()) + ")");
        }
    }

    private static Map<String, ConfigValue> object(final String name, final Config c, final String key)
        throws Invalid {
        if (!c.hasPath(key)) {
            throw new Invalid(name + ":1: missing " + key + " { ... } (a profile `splicelab calibrate` wrote has it)");
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.OBJECT) {
            throw new Invalid(at(name, v) + key + ": expected { unit = nanoseconds, ... }, found " + v.render());
        }
        return c.getObject(key);
    }

    private static String string(final String name, final Config c, final String key) throws Invalid {
        if (!c.hasPath(key)) {
            throw new Invalid(name + ":1: missing " + key);
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.STRING) {
            throw new Invalid(at(name, v) + key + ": expected a string, found " + v.render());
        }
        return (String) v.unwrapped();
    }

    private static int whole(final String name, final Config c, final String key) throws Invalid {
        if (!c.hasPath(key)) {
            throw new Invalid(name + ":1: missing " + key);
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.NUMBER || !(v.unwrapped() instanceof Integer) || (Integer) v.unwrapped() < 1) {
            throw new Invalid(at(name, v) + key + ": expected a whole number >= 1, found " + v.render());
        }
        return (Integer) v.unwrapped();
    }

    private static String at(final String name, final ConfigValue v) {
        return name + ":" + Math.max(1, v.origin().lineNumber()) + ": ";
    }

    private static String strip(final String name, final String message) {
        return message.replaceFirst("^" + java.util.regex.Pattern.quote(name) + ": \\d+: ", "");
    }

    private static String quote(final String s) {
        return com.typesafe.config.ConfigValueFactory.fromAnyRef(s).render();
    }
}
