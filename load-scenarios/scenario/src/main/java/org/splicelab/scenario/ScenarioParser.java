package org.splicelab.scenario;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.splicelab.memory.PageArena;
import org.splicelab.protocols.CharDevice;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.SocketKind;
import org.splicelab.protocols.SpliceFlag;
import org.splicelab.protocols.Syscall;

/**
 * Reads a scenario file (HOCON) strictly: every key must be known, every value of the expected type;
 * errors name the file, the line, the key and what was expected ({@link ScenarioException}).
 */
public final class ScenarioParser {
    private static final Set<String> TOP = Set.of("name", "description", "model", "seed", "duration", "iterations",
        "arena-frames", "sample-interval", "steal-only-with-move", "files", "pipes", "sockets", "relays", "roles",
        "faults", "assertions");
    private static final Set<String> RELAY = Set.of("subbufs", "subbuf");
    private static final Set<String> FILE = Set.of("size", "fill", "dax");
    private static final Set<String> PIPE = Set.of("size", "nonblock", "notification", "notes");
    private static final Set<String> SOCKET = Set.of("kind", "nonblock");
    private static final Set<String> MEM = Set.of("size", "fill");
    private static final Set<String> ROLE = Set.of("count", "threads", "pipes", "sockets", "memory", "think-time", "rate",
        "loop");
    private static final Set<String> OP = Set.of("op", "in", "out", "fd", "mem", "len", "offset", "flags", "fill",
        "weight");
    private static final Set<String> OPS = Set.copyOf(ScenarioOps.WORDS);
    private static final Set<String> FAULTS = Set.of("kill-process", "restart-pipe", "reset-socket");
    private static final Set<String> FAULT = Set.of("target", "every");
    private static final Set<String> ASSERTIONS = Set.of("max-violations", "max-leaked-pages",
        "min-syscalls-per-second", "min-bytes-per-second", "max-copy-ratio", "bytes-balanced");

    /** The reserved descriptor name for /dev/null. */
    public static final String NULL_DEVICE = "devnull";
    /** The device operands: {@code devnull}, {@code devzero}, {@code devfull}. */
    public static final Map<String, CharDevice> DEVICES = Map.of(NULL_DEVICE, CharDevice.NULL,
        "devzero", CharDevice.ZERO, "devfull", CharDevice.FULL);

    private final String file;
    /** Check that the world fits this JVM and machine ({@link ScenarioBudget}). */
    private final boolean budget;

    private ScenarioParser(final String file, final boolean budget) {
        this.file = file;
        this.budget = budget;
    }

    /**
     * Parses {@code text} read from {@code file} (the name used in error messages), and refuses a world
     * that does not fit this JVM's heap or this machine's memory.
     */
    public static Scenario parse(final String file, final String text) {
        return new ScenarioParser(file, true).parse(text);
    }

    /** Parses without the memory estimate (for a caller that checks it with its own words). */
    public static Scenario parseUnchecked(final String file, final String text) {
        return new ScenarioParser(file, false).parse(text);
    }

    private Scenario parse(final String text) {
        final Config c;
        try {
            c = ConfigFactory.parseString(text,
                ConfigParseOptions.defaults().setOriginDescription(file).setSyntax(ConfigSyntax.CONF)).resolve();
        } catch (ConfigException e) {
            throw new ScenarioException(location(e) + "not valid HOCON: " + strip(e.getMessage()), e);
        }
        keys(c.root(), TOP, "the top level");
        final String name = str(c, "name", null);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw error(c.getValue("name"), "name", "a name of letters, digits, '-', '_' or '.'", name);
        }
        final String description = c.hasPath("description") ? str(c, "description", null) : "";
        KernelModel model = KernelModel.LINUX;
        if (c.hasPath("model")) {
            try {
                model = KernelModel.fromId(str(c, "model", null));
            } catch (IllegalArgumentException e) {
                throw error(c.getValue("model"), "model", "one of " + KernelModel.ids(), c.getString("model"));
            }
        }
        final long seed = c.hasPath("seed") ? whole(c, "seed", null, Long.MIN_VALUE, Long.MAX_VALUE) : 1;
        final Duration duration = c.hasPath("duration")
            ? duration(c, "duration", null, Limits.MIN_DURATION, Durations.MAX) : null;
        final long iterations = c.hasPath("iterations") ? whole(c, "iterations", null, 1, Limits.MAX_ITERATIONS) : 0;
        if (duration == null && iterations == 0) {
            throw new ScenarioException(file + ":1: the scenario needs 'duration' (e.g. 10s) or 'iterations'");
        }
        final int frames = c.hasPath("arena-frames")
            ? (int) whole(c, "arena-frames", null, Limits.MIN_ARENA_FRAMES, Limits.MAX_ARENA_FRAMES)
            : PageArena.DEFAULT_FRAMES;
        final Duration sample = c.hasPath("sample-interval")
            ? duration(c, "sample-interval", null, Limits.MIN_SAMPLE_INTERVAL, Durations.MAX) : Duration.ofMillis(500);
        final boolean onlyMove = c.hasPath("steal-only-with-move") && bool(c, "steal-only-with-move", null);
        final Map<String, Scenario.FileDef> files = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, "files")) {
            final Config f = section(e, FILE, "files");
            files.put(e.getKey(), new Scenario.FileDef(e.getKey(),
                bytes(f, "size", "files." + e.getKey(), 0, Limits.MAX_FILE_SIZE),
                f.hasPath("fill") ? str(f, "fill", "files." + e.getKey()) : "",
                f.hasPath("dax") && bool(f, "dax", "files." + e.getKey())));
        }
        final Map<String, Scenario.PipeDef> pipes = pipes(c, "pipes");
        final Map<String, Scenario.SocketDef> sockets = sockets(c, "sockets");
        final Map<String, Scenario.RelayDef> relays = relays(c, files, pipes, sockets);
        final List<Scenario.Role> roles = new ArrayList<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, "roles")) {
            roles.add(role(e, files, pipes, sockets, relays));
        }
        if (roles.isEmpty()) {
            final ConfigValue at = c.root().get("roles");
            throw new ScenarioException(file + ":" + line(at != null ? at : c.root())
                + ": 'roles' must name at least one role");
        }
        final List<Scenario.Fault> faults = faults(c, pipes, sockets, roles);
        final Scenario.Assertions assertions = assertions(c);
        checkArena(c, frames, files, roles, relays);
        final Scenario scenario = new Scenario(name, description, model, seed, duration, iterations, frames, sample,
            onlyMove, files, pipes, sockets, roles, faults, assertions, relays);
        if (budget) {
            checkBudget(c, scenario);
        }
        return scenario;
    }

    /** The world must fit this JVM's heap and the machine's memory ({@link ScenarioBudget}). */
    private void checkBudget(final Config c, final Scenario s) {
        final ScenarioBudget.Excess x = ScenarioBudget.heapExcess(s);
        if (x != null) {
            final String role = "roles." + x.role().name();
            final String key = c.hasPath(role + ".count") || !c.hasPath(role + ".threads") ? "count" : "threads";
            final ConfigValue v = c.hasPath(role + "." + key) ? c.getValue(role + "." + key) : c.getValue(role);
            throw new ScenarioException(file + ":" + line(v) + ": '" + role + "." + key + "': "
                + x.explain(x.role().count() + (x.role().threads() > 1 ? " of " + x.role().threads() + " threads" : "")));
        }
        final long physical = ScenarioBudget.physicalMemory();
        final long room = physical - Runtime.getRuntime().maxMemory();
        if (physical > 0 && ScenarioBudget.arena(s.arenaFrames()) > room) {
            final String what = "at most " + Math.max(0, room / ScenarioBudget.arena(1)) + " frames (what this "
                + "machine's " + Sizes.approx(physical) + " hold beside the JVM's " + Sizes.approx(
                Runtime.getRuntime().maxMemory()) + " heap)";
            throw c.hasPath("arena-frames") ? error(c.getValue("arena-frames"), "arena-frames", what,
                s.arenaFrames() + " (about " + Sizes.approx(ScenarioBudget.arena(s.arenaFrames())) + ")")
                : new ScenarioException(file + ":1: 'arena-frames': expected " + what + ", found the default, "
                + s.arenaFrames());
        }
    }

    // ------------------------------------------------------------------ sections

    private Map<String, Scenario.PipeDef> pipes(final Config c, final String path) {
        final Map<String, Scenario.PipeDef> out = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, path)) {
            final Config p = section(e, PIPE, path);
            final long size = p.hasPath("size") ? bytes(p, "size", path + "." + e.getKey(), 0, Long.MAX_VALUE) : 65536;
            if (org.splicelab.actors.PipeActor.slotsFor(size) < 0) {
                throw error(p.getValue("size"), path + "." + e.getKey() + ".size",
                    "a size F_SETPIPE_SZ accepts for an unprivileged process (at most 1MiB)", Long.toString(size));
            }
            final String at = path + "." + e.getKey();
            final boolean notification = p.hasPath("notification") && bool(p, "notification", at);
            if (notification && p.hasPath("size")) {
                throw error(p.getValue("size"), at + ".size", "no size on a notification pipe (F_SETPIPE_SZ is EBUSY"
                    + " there; its ring is sized by 'notes')", String.valueOf(p.getValue("size").unwrapped()));
            }
            if (p.hasPath("notes") && !notification) {
                throw error(p.getValue("notes"), at + ".notes", "notes only on a pipe with notification = true",
                    String.valueOf(p.getValue("notes").unwrapped()));
            }
            final int notes = p.hasPath("notes") ? (int) whole(p, "notes", at, 1, 512) : 0;
            out.put(e.getKey(), new Scenario.PipeDef(e.getKey(), size, p.hasPath("nonblock") && bool(p, "nonblock", at),
                notification, notes));
        }
        return out;
    }

    private Map<String, Scenario.SocketDef> sockets(final Config c, final String path) {
        final Map<String, Scenario.SocketDef> out = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, path)) {
            final Config s = section(e, SOCKET, path);
            final String kind = s.hasPath("kind") ? str(s, "kind", path + "." + e.getKey()) : "unix";
            if (SocketKind.byId(kind) == null) {
                throw error(s.getValue("kind"), path + "." + e.getKey() + ".kind", "unix, tcp or udp", kind);
            }
            out.put(e.getKey(), new Scenario.SocketDef(e.getKey(), SocketKind.byId(kind),
                s.hasPath("nonblock") && bool(s, "nonblock", path + "." + e.getKey())));
        }
        return out;
    }

    /** {@code relays { NAME { subbufs = N, subbuf = SIZE } }}: shared relay channels (defaults: 4 of 4 KiB). */
    private Map<String, Scenario.RelayDef> relays(final Config c, final Map<String, Scenario.FileDef> files,
                                                  final Map<String, Scenario.PipeDef> pipes,
                                                  final Map<String, Scenario.SocketDef> sockets) {
        final Map<String, Scenario.RelayDef> out = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, "relays")) {
            final String at = "relays." + e.getKey();
            final Config r = section(e, RELAY, "relays");
            if (files.containsKey(e.getKey()) || pipes.containsKey(e.getKey()) || sockets.containsKey(e.getKey())
                || DEVICES.containsKey(e.getKey())) {
                throw error(e.getValue(), at, "a name no file, pipe, socket or device has", e.getKey());
            }
            final int subbufs = r.hasPath("subbufs") ? (int) whole(r, "subbufs", at, 1, 1024) : 4;
            final int subbuf = r.hasPath("subbuf") ? (int) bytes(r, "subbuf", at, 1, Limits.MAX_RELAY_BYTES) : 4096;
            if ((long) subbuf * subbufs > Limits.MAX_RELAY_BYTES) {
                throw error(e.getValue(), at, "a channel of at most " + Limits.MAX_RELAY_BYTES
                    + " bytes (subbufs x subbuf)", subbufs + " x " + subbuf);
            }
            out.put(e.getKey(), new Scenario.RelayDef(e.getKey(), subbuf, subbufs));
        }
        return out;
    }

    private Scenario.Role role(final Map.Entry<String, ConfigValue> e, final Map<String, Scenario.FileDef> files,
                               final Map<String, Scenario.PipeDef> pipes, final Map<String, Scenario.SocketDef> sockets,
                               final Map<String, Scenario.RelayDef> relays) {
        final String at = "roles." + e.getKey();
        final Config r = section(e, ROLE, "roles");
        final int count = r.hasPath("count") ? (int) whole(r, "count", at, 1, Limits.MAX_COUNT) : 1;
        final int threads = r.hasPath("threads") ? (int) whole(r, "threads", at, 1, Limits.MAX_THREADS) : 1;
        final Map<String, Scenario.PipeDef> ownPipes = pipes(r, "pipes");
        final Map<String, Scenario.SocketDef> ownSockets = sockets(r, "sockets");
        final Map<String, Scenario.MemDef> memory = new LinkedHashMap<>();
        for (final Map.Entry<String, ConfigValue> m : objects(r, "memory")) {
            final Config mc = section(m, MEM, at + ".memory");
            final String fill = mc.hasPath("fill") ? str(mc, "fill", at + ".memory." + m.getKey()) : "\0";
            memory.put(m.getKey(), new Scenario.MemDef(m.getKey(),
                bytes(mc, "size", at + ".memory." + m.getKey(), 1, Limits.MAX_MEM_SIZE), (byte) fill.charAt(0)));
        }
        final Duration think = r.hasPath("think-time")
            ? duration(r, "think-time", at, Duration.ZERO, Durations.MAX) : Duration.ZERO;
        final double rate = r.hasPath("rate") ? real(r, "rate", at, 0, Limits.MAX_RATE) : 0;
        if (!r.hasPath("loop")) {
            throw new ScenarioException(file + ":" + line(e.getValue()) + ": role '" + e.getKey() + "' needs a 'loop'");
        }
        final ConfigList loop = list(r, "loop", at);
        final Names names = new Names(files, merge(pipes, ownPipes), merge(sockets, ownSockets), memory,
            new LinkedHashMap<>(), relays);
        final List<List<Scenario.Op>> steps = new ArrayList<>();
        for (final ConfigValue v : loop) {
            final ConfigObject o = object(v, at + ".loop[]");
            if (o.containsKey("one-of")) {
                if (o.size() != 1) {
                    throw error(v, at + ".loop[]", "an element with only 'one-of'", "other keys beside it");
                }
                final List<Scenario.Op> choice = new ArrayList<>();
                for (final ConfigValue ov : (ConfigList) typed(o.get("one-of"), ConfigValueType.LIST, at + ".one-of")) {
                    choice.add(op(object(ov, at + ".one-of[]"), names, at));
                }
                if (choice.isEmpty()) {
                    throw error(v, at + ".one-of", "at least one operation", "an empty list");
                }
                steps.add(choice);
            } else {
                steps.add(List.of(op(o, names, at)));
            }
        }
        if (steps.isEmpty()) {
            throw error(r.getValue("loop"), at + ".loop", "at least one operation", "an empty list");
        }
        return new Scenario.Role(e.getKey(), count, ownPipes, ownSockets, memory, think, rate, steps, threads,
            List.copyOf(names.fds().keySet()));
    }

    private static <V> Map<String, V> merge(final Map<String, V> shared, final Map<String, V> own) {
        final Map<String, V> m = new LinkedHashMap<>(shared);
        m.putAll(own);
        return m;
    }

    /** The names an operation may use, and the role's descriptor table as its operations name them. */
    private record Names(Map<String, Scenario.FileDef> files, Map<String, Scenario.PipeDef> pipes,
                         Map<String, Scenario.SocketDef> sockets, Map<String, Scenario.MemDef> memory,
                         Map<String, Integer> fds, Map<String, Scenario.RelayDef> relays) {
        /** The descriptor number of {@code name} in the role's table, numbered on first use from 3. */
        int fd(final String name) {
            return name == null ? -1 : fds.computeIfAbsent(name, n -> Scenario.Role.FIRST_FD + fds.size());
        }

        /** The index of memory region {@code name} in the role's regions. */
        int region(final String name) {
            return name == null ? -1 : new ArrayList<>(memory.keySet()).indexOf(name);
        }

        boolean notificationPipeEnd(final String descriptor) {
            final int dot = descriptor.lastIndexOf('.');
            final Scenario.PipeDef p = dot > 0 ? pipes.get(descriptor.substring(0, dot)) : null;
            return p != null && p.notification();
        }

        boolean isFile(final String descriptor) {
            return descriptor != null && files.containsKey(descriptor);
        }

        String kind(final String descriptor) {
            if (files.containsKey(descriptor)) {
                return "file";
            }
            if (DEVICES.containsKey(descriptor)) {
                return "device";
            }
            if (relays.containsKey(descriptor)) {
                return "relay";
            }
            final int dot = descriptor.lastIndexOf('.');
            if (dot > 0) {
                final String obj = descriptor.substring(0, dot);
                final String end = descriptor.substring(dot + 1);
                if (pipes.containsKey(obj) && (end.equals("r") || end.equals("w"))) {
                    return "pipe." + end;
                }
                if (sockets.containsKey(obj) && (end.equals("0") || end.equals("1"))) {
                    return "socket";
                }
            }
            return null;
        }
    }

    private Scenario.Op op(final ConfigObject o, final Names names, final String at) {
        final Config c = o.toConfig();
        keys(o, OP, at + ".loop operation");
        if (!c.hasPath("op")) {
            throw new ScenarioException(file + ":" + line(o) + ": " + at + ": an operation needs 'op' (one of "
                + String.join(", ", OPS.stream().sorted().toList()) + ")");
        }
        final String op = str(c, "op", at);
        if (!OPS.contains(op)) {
            throw error(c.getValue("op"), at + ".op", "one of " + OPS.stream().sorted().toList(), op);
        }
        final String in = c.hasPath("in") ? str(c, "in", at) : null;
        final String out = c.hasPath("out") ? str(c, "out", at) : null;
        final String fd = c.hasPath("fd") ? str(c, "fd", at) : null;
        final String mem = c.hasPath("mem") ? str(c, "mem", at) : null;
        for (final String key : new String[] {"in", "out", "fd"}) {
            if (c.hasPath(key) && names.kind(c.getString(key)) == null) {
                throw error(c.getValue(key), at + "." + key, "a declared file, pipe end (NAME.r, NAME.w), socket "
                    + "end (NAME.0, NAME.1), relay, devnull, devzero or devfull (/dev/null, /dev/zero, /dev/full)",
                    c.getString(key));
            }
        }
        if (mem != null && !names.memory().containsKey(mem)) {
            throw error(c.getValue("mem"), at + ".mem", "a memory region of this role", mem);
        }
        final List<String> required = switch (op) {
            case "splice", "tee", "sendfile" -> List.of("in", "out", "len");
            case "vmsplice", "store" -> List.of("mem", "len");
            case "read", "write", "truncate", "notify", "relaywrite" -> List.of("fd", "len");
            case "pread", "pwrite" -> List.of("fd", "len", "offset");
            default -> List.of("fd");
        };
        for (final String key : required) {
            if (!c.hasPath(key)) {
                throw new ScenarioException(file + ":" + line(o) + ": " + at + ": '" + op + "' needs '" + key + "'");
            }
        }
        if (op.equals("vmsplice") && (in == null) == (out == null)) {
            throw new ScenarioException(file + ":" + line(o) + ": " + at
                + ": 'vmsplice' needs exactly one of 'out' (memory to a pipe's .w) or 'in' (a pipe's .r to memory)");
        }
        final long maxLen = switch (op) {
            case "write", "pwrite", "store", "relaywrite" -> Limits.MAX_DATA_LEN;
            case "truncate" -> Limits.MAX_OFFSET;
            default -> Limits.MAX_LEN;
        };
        final long len = c.hasPath("len") ? bytes(c, "len", at, op.equals("notify") ? 8 : 0,
            op.equals("notify") ? 127 : maxLen) : 0;
        if (op.equals("notify") && !names.notificationPipeEnd(fd)) {
            throw error(c.getValue("fd"), at + ".fd", "an end of a pipe with notification = true", fd);
        }
        if (op.equals("relaywrite") && !"relay".equals(names.kind(fd))) {
            throw error(c.getValue("fd"), at + ".fd", "a relay channel (declared under 'relays')", fd);
        }
        long offset = -1;
        boolean random = false;
        if (c.hasPath("offset")) {
            final ConfigValue v = c.getValue("offset");
            if (v.valueType() == ConfigValueType.STRING && "random".equals(v.unwrapped())) {
                random = true;
            } else {
                offset = bytes(c, "offset", at, 0, Limits.MAX_OFFSET);
            }
        }
        int flags = 0;
        if (c.hasPath("flags")) {
            for (final ConfigValue f : list(c, "flags", at)) {
                final String flag = String.valueOf(f.unwrapped()).toUpperCase(Locale.ROOT);
                try {
                    flags |= SpliceFlag.valueOf(flag).bit();
                } catch (IllegalArgumentException ex) {
                    throw error(f, at + ".flags", "nonblock, move, more or gift", String.valueOf(f.unwrapped()));
                }
            }
        }
        if (op.equals("store")) {
            final long size = names.memory().get(mem).size();
            if (random || Math.max(0, offset) + len > size) {
                throw new ScenarioException(file + ":" + line(o) + ": " + at + ": 'store' of " + len + " bytes at "
                    + (random ? "a random offset" : Math.max(0, offset)) + ": expected a range inside mem '" + mem
                    + "' (" + size + " bytes, a fixed offset)");
            }
        }
        final byte fill = c.hasPath("fill") ? (byte) str(c, "fill", at).charAt(0) : (byte) 'w';
        final int weight = c.hasPath("weight") ? (int) whole(c, "weight", at, 1, Limits.MAX_WEIGHT) : 1;
        // the process opens every descriptor an operation names, in the order named (in, out, fd)
        final int fdIn = names.fd(in);
        final int fdOut = names.fd(out);
        final int fdOf = names.fd(fd);
        final String sized = names.isFile(in) ? in : names.isFile(fd) ? fd : names.isFile(out) ? out : null;
        final long size = sized == null ? 0 : names.files().get(sized).size();
        final long offsets = random ? Math.max(1, (size - len) / 4096 + 1) : 0;
        final long at0 = random ? 0 : offset;
        final byte[] data = new byte[ScenarioOps.WRITES.contains(op) ? Math.toIntExact(len) : 0];
        java.util.Arrays.fill(data, fill);
        final int region = names.region(mem);
        final Syscall call = switch (op) {
            case "splice" -> new Syscall.Splice(fdIn, names.isFile(in) ? at0 : Syscall.NO_OFFSET, fdOut,
                names.isFile(out) ? at0 : Syscall.NO_OFFSET, len, flags);
            case "tee" -> new Syscall.Tee(fdIn, fdOut, len, flags);
            case "sendfile" -> new Syscall.Sendfile(fdOut, fdIn, at0, len);
            case "vmsplice" -> out != null ? new Syscall.Vmsplice(fdOut, region, 0, len, flags, true, false)
                : new Syscall.Vmsplice(fdIn, region, 0, len, flags, false, false);
            case "read" -> new Syscall.Read(fdOf, len);
            case "write" -> new Syscall.Write(fdOf, data);
            case "pread" -> new Syscall.Pread(fdOf, Math.max(0, at0), len);
            case "pwrite" -> new Syscall.Pwrite(fdOf, Math.max(0, at0), data);
            case "truncate" -> new Syscall.Truncate(fdOf, len);
            case "fsync" -> new Syscall.Fsync(fdOf);
            case "fadvise" -> new Syscall.FadviseDontneed(fdOf);
            case "store" -> new Syscall.Store(region, Math.max(0, offset), data);
            case "notify" -> new Syscall.PostNotification(fdOf, ScenarioOps.note((int) len, fill));
            case "relaywrite" -> new Syscall.RelayWrite(fdOf, data);
            default -> throw new IllegalStateException("unknown op " + op);
        };
        return new Scenario.Op(call, offsets, weight, file + ":" + line(o) + " " + op);
    }

    private List<Scenario.Fault> faults(final Config c, final Map<String, Scenario.PipeDef> pipes,
                                        final Map<String, Scenario.SocketDef> sockets, final List<Scenario.Role> roles) {
        final List<Scenario.Fault> out = new ArrayList<>();
        for (final Map.Entry<String, ConfigValue> e : objects(c, "faults")) {
            if (!FAULTS.contains(e.getKey())) {
                throw error(e.getValue(), "faults." + e.getKey(), "one of " + FAULTS.stream().sorted().toList(),
                    e.getKey());
            }
            final Config f = section(e, FAULT, "faults");
            final String target = str(f, "target", "faults." + e.getKey());
            if (!f.hasPath("every")) {
                throw new ScenarioException(file + ":" + line(e.getValue()) + ": faults." + e.getKey()
                    + ": missing 'every' (how often it fires, e.g. every = 2s)");
            }
            final Scenario.Fault.Kind kind = Scenario.Fault.Kind.valueOf(e.getKey().toUpperCase(Locale.ROOT)
                .replace('-', '_'));
            final boolean known = switch (kind) {
                case KILL_PROCESS -> roles.stream().anyMatch(r -> r.name().equals(target));
                case RESTART_PIPE -> pipes.containsKey(target);
                case RESET_SOCKET -> sockets.containsKey(target);
            };
            if (!known) {
                throw error(f.getValue("target"), "faults." + e.getKey() + ".target", switch (kind) {
                    case KILL_PROCESS -> "a role";
                    case RESTART_PIPE -> "a shared pipe";
                    case RESET_SOCKET -> "a shared socket pair";
                }, target);
            }
            out.add(new Scenario.Fault(kind, target, duration(f, "every", "faults." + e.getKey(),
                Limits.MIN_FAULT_PERIOD, Durations.MAX)));
        }
        return out;
    }

    private Scenario.Assertions assertions(final Config c) {
        if (!c.hasPath("assertions")) {
            return new Scenario.Assertions(0L, 0L, null, null, null, Boolean.TRUE);
        }
        final Config a = object(c.getValue("assertions"), "assertions").toConfig();
        keys(a.root(), ASSERTIONS, "assertions");
        final String at = "assertions";
        return new Scenario.Assertions(
            a.hasPath("max-violations") ? whole(a, "max-violations", at, 0, Long.MAX_VALUE) : 0L,
            a.hasPath("max-leaked-pages") ? whole(a, "max-leaked-pages", at, 0, Long.MAX_VALUE) : 0L,
            a.hasPath("min-syscalls-per-second") ? real(a, "min-syscalls-per-second", at, 0, Double.MAX_VALUE) : null,
            a.hasPath("min-bytes-per-second") ? real(a, "min-bytes-per-second", at, 0, Double.MAX_VALUE) : null,
            a.hasPath("max-copy-ratio") ? real(a, "max-copy-ratio", at, 0, 1) : null,
            a.hasPath("bytes-balanced") ? bool(a, "bytes-balanced", at) : Boolean.TRUE);
    }

    // ------------------------------------------------------------------ strict typed access

    private void keys(final ConfigObject o, final Set<String> allowed, final String where) {
        for (final Map.Entry<String, ConfigValue> e : o.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw error(e.getValue(), e.getKey(), "a key of " + where + ": one of "
                    + allowed.stream().sorted().toList(), "unknown key '" + e.getKey() + "'");
            }
        }
    }

    private List<Map.Entry<String, ConfigValue>> objects(final Config c, final String path) {
        if (!c.hasPath(path)) {
            return List.of();
        }
        return new ArrayList<>(object(c.getValue(path), path).entrySet());
    }

    private Config section(final Map.Entry<String, ConfigValue> e, final Set<String> allowed, final String parent) {
        if (!e.getKey().matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw error(e.getValue(), parent + "." + e.getKey(), "a name of letters, digits, '-' or '_'", e.getKey());
        }
        final ConfigObject o = object(e.getValue(), parent + "." + e.getKey());
        keys(o, allowed, parent + "." + e.getKey());
        return o.toConfig();
    }

    private ConfigObject object(final ConfigValue v, final String path) {
        return (ConfigObject) typed(v, ConfigValueType.OBJECT, path);
    }

    private ConfigList list(final Config c, final String key, final String at) {
        return (ConfigList) typed(c.getValue(key), ConfigValueType.LIST, at + "." + key);
    }

    private ConfigValue typed(final ConfigValue v, final ConfigValueType type, final String path) {
        if (v.valueType() != type) {
            final String t = type.name().toLowerCase(Locale.ROOT);
            throw error(v, path, (t.startsWith("o") ? "an " : "a ") + t, v.valueType().name().toLowerCase(Locale.ROOT));
        }
        return v;
    }

    private String str(final Config c, final String key, final String at) {
        if (!c.hasPath(key)) {
            throw new ScenarioException(file + ":" + line(c.root()) + ": " + (at == null ? "" : at + ": ")
                + "missing '" + key + "'");
        }
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.STRING || ((String) v.unwrapped()).isEmpty()) {
            throw error(v, qualified(at, key), "a non-empty string", v.valueType().name().toLowerCase(Locale.ROOT)
                + " " + render(v));
        }
        return (String) v.unwrapped();
    }

    /** A whole number in {@code [min, max]} (a whole double such as {@code 1e3} included). */
    private long whole(final Config c, final String key, final String at, final long min, final long max) {
        final ConfigValue v = c.getValue(key);
        final String range = min == Long.MIN_VALUE ? "a whole number (a 64-bit integer)"
            : max == Long.MAX_VALUE ? "a whole number >= " + min : "a whole number from " + min + " to " + max;
        if (v.valueType() == ConfigValueType.STRING && ((String) v.unwrapped()).matches("-?\\d+")) {
            throw error(v, qualified(at, key), range, (String) v.unwrapped()); // HOCON keeps an integer beyond a long as a string
        }
        final Number n = number(v, qualified(at, key));
        if (n instanceof Double || n instanceof Float) {
            final double d = n.doubleValue();
            if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) >= 0x1p63) {
                throw error(v, qualified(at, key), range, render(v));
            }
        }
        final long x = n.longValue();
        if (x < min || x > max) {
            throw error(v, qualified(at, key), range, render(v));
        }
        return x;
    }

    /** A finite number in {@code [min, max]}. */
    private double real(final Config c, final String key, final String at, final double min, final double max) {
        final ConfigValue v = c.getValue(key);
        final double d = number(v, qualified(at, key)).doubleValue();
        if (!(d >= min && d <= max)) {
            throw error(v, qualified(at, key), max == Double.MAX_VALUE ? "a number >= " + fmt(min)
                : "a number from " + fmt(min) + " to " + fmt(max), render(v));
        }
        return d;
    }

    private static String fmt(final double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private Number number(final ConfigValue v, final String key) {
        if (v.valueType() != ConfigValueType.NUMBER) {
            throw error(v, key, "a number", v.valueType().name().toLowerCase(Locale.ROOT) + " " + render(v));
        }
        return (Number) v.unwrapped();
    }

    private boolean bool(final Config c, final String key, final String at) {
        final ConfigValue v = c.getValue(key);
        if (v.valueType() != ConfigValueType.BOOLEAN) {
            throw error(v, qualified(at, key), "true or false", render(v));
        }
        return (Boolean) v.unwrapped();
    }

    /** A size in bytes ({@code 4096}, {@code 64KiB}, {@code 1MiB}) in {@code [min, max]}. */
    private long bytes(final Config c, final String key, final String at, final long min, final long max) {
        if (!c.hasPath(key)) {
            throw new ScenarioException(file + ":" + line(c.root()) + ": " + at + ": missing '" + key + "'");
        }
        final ConfigValue v = c.getValue(key);
        final String range = max == Long.MAX_VALUE ? "a size >= " + min
            : max == Limits.MAX_LEN ? "a size from " + min + " to " + max + " (MAX_RW_COUNT: the most one call moves)"
            : "a size from " + Sizes.format(min) + " to " + Sizes.format(max);
        final String found = v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : render(v);
        if (v.valueType() == ConfigValueType.NUMBER && ((Number) v.unwrapped()).doubleValue() < 0) {
            throw error(v, qualified(at, key), range, found);
        }
        if (v.valueType() == ConfigValueType.NUMBER && v.unwrapped() instanceof Double d) {
            if (d != Math.rint(d) || d < 0 || d >= 0x1p63) {
                throw error(v, qualified(at, key), d < 0 ? range : "a whole number of bytes, or a size such as 64KiB",
                    found);
            }
        }
        if (v.valueType() == ConfigValueType.STRING && found.trim().startsWith("-")) {
            throw error(v, qualified(at, key), range, found);
        }
        final long n;
        try {
            n = c.getBytes(key);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw error(v, qualified(at, key), e.getMessage().contains("out of range")
                ? range : "a size such as 4096, 64KiB or 1MiB", found);
        }
        if (n < min || n > max) {
            throw error(v, qualified(at, key), range, found);
        }
        return n;
    }

    /** A duration in {@code [min, max]}; a bare number is in milliseconds (as HOCON reads it). */
    private Duration duration(final Config c, final String key, final String at, final Duration min,
                              final Duration max) {
        final ConfigValue v = c.getValue(key);
        final String where = file + ":" + line(v) + ": '" + qualified(at, key) + "'";
        if (v.valueType() != ConfigValueType.STRING && v.valueType() != ConfigValueType.NUMBER) {
            throw new ScenarioException(where + ": expected a duration such as 10s, 500ms or 2m, found "
                + v.valueType().name().toLowerCase(Locale.ROOT) + " " + render(v));
        }
        return Durations.parse(where, String.valueOf(v.unwrapped()), 1_000_000L, min, max);
    }

    /** Files and every process's memory are in the arena from the start: they must fit. */
    private void checkArena(final Config c, final int frames, final Map<String, Scenario.FileDef> files,
                            final List<Scenario.Role> roles, final Map<String, Scenario.RelayDef> relays) {
        long filePages = 0;
        for (final Scenario.FileDef f : files.values()) {
            filePages += (f.size() + PageArena.PAGE_SIZE - 1) / PageArena.PAGE_SIZE;
        }
        for (final Scenario.RelayDef r : relays.values()) {
            filePages += ((long) r.subbufSize() * r.subbufs() + PageArena.PAGE_SIZE - 1) / PageArena.PAGE_SIZE;
        }
        long memPages = 0;
        for (final Scenario.Role r : roles) {
            for (final Scenario.MemDef m : r.memory().values()) {
                memPages += (m.size() + PageArena.PAGE_SIZE - 1) / PageArena.PAGE_SIZE * r.count();
            }
        }
        if (filePages + memPages > frames) {
            final String what = "at least " + (filePages + memPages) + " frames (the files' "
                + (relays.isEmpty() ? "" : "and relay channels' ") + filePages
                + " pages and every process's memory, " + memPages + " pages, are in the arena from the start)";
            if (c.hasPath("arena-frames")) {
                throw error(c.getValue("arena-frames"), "arena-frames", what, Integer.toString(frames));
            }
            throw new ScenarioException(file + ":1: 'arena-frames': expected " + what + ", found the default, "
                + frames);
        }
        // every file and every process with memory has a page index in the arena's index pool
        // (PageIndexPool.forFrames): a header and a leaf, and a leaf per 64 pages plus interior nodes
        long indexNodes = 0;
        for (final Scenario.FileDef f : files.values()) {
            indexNodes += 2 + 2 * ((f.size() + 64L * PageArena.PAGE_SIZE - 1) / (64L * PageArena.PAGE_SIZE));
        }
        for (final Scenario.Role r : roles) {
            if (!r.memory().isEmpty()) {
                long pages = 0;
                for (final Scenario.MemDef m : r.memory().values()) {
                    pages += (m.size() + PageArena.PAGE_SIZE - 1) / PageArena.PAGE_SIZE;
                }
                indexNodes += r.count() * (2 + 2 * ((pages + 63) / 64));
            }
        }
        final long poolNodes = frames + (frames >> 4) + 4096L;
        if (indexNodes > poolNodes) {
            long need = Math.max(frames, (indexNodes - 4096L) * 16 / 17);
            while (need + (need >> 4) + 4096L < indexNodes) {
                need++;
            }
            final String what = "at least " + need + " frames (the page-cache and"
                + " address-space indexes of the files and of every process with memory need " + indexNodes
                + " index nodes; the arena's pool has " + poolNodes + ")";
            if (c.hasPath("arena-frames")) {
                throw error(c.getValue("arena-frames"), "arena-frames", what, Integer.toString(frames));
            }
            throw new ScenarioException(file + ":1: 'arena-frames': expected " + what + ", found the default, "
                + frames);
        }
    }

    private static String qualified(final String at, final String key) {
        return at == null ? key : at + "." + key;
    }

    private ScenarioException error(final ConfigValue v, final String key, final String expected, final String found) {
        return new ScenarioException(file + ":" + line(v) + ": '" + key + "': expected " + expected + ", found "
            + found);
    }

    /** A value as written, on one line. */
    private static String render(final ConfigValue v) {
        return v.render(com.typesafe.config.ConfigRenderOptions.concise());
    }

    private static int line(final ConfigValue v) {
        return Math.max(1, v.origin().lineNumber());
    }

    private String location(final ConfigException e) {
        return e.origin() != null && e.origin().lineNumber() > 0 ? file + ":" + e.origin().lineNumber() + ": " : file + ": ";
    }

    private String strip(final String message) {
        final String prefix = file + ": ";
        String m = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        m = m.replaceFirst("^\\d+: ", "");
        return m;
    }
}
