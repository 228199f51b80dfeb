package org.splicelab.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.splicelab.actors.PipeActor;
import org.splicelab.actors.WorldSpec;
import org.splicelab.protocols.OpenFlags;
import org.splicelab.protocols.Program;
import org.splicelab.protocols.Syscall;

/**
 * A scenario compiled to the world description litmus uses ({@link WorldSpec}), for the one
 * {@link org.splicelab.actors.WorldBuilder}: the shared files, pipes and socket pairs; per process
 * (a role's instance, {@code ROLE-N}) its private pipes and socket pairs, its own open description of
 * each file and of /dev/null, and one process spec per thread (threads share the first thread's
 * address space; each has its copy of the table, so each holds the descriptors). A process's table
 * holds the descriptors its loop names ({@link Scenario.Role#fds}); the holder counts follow from
 * the tables ({@link WorldSpec#holders()}).
 *
 * <p>Names: a private object or description of process {@code P} is {@code P/NAME} in the world (its
 * label, what the process and its traces call it, stays {@code NAME}); actors keep the engine's names
 * ({@code pipe-NAME}, {@code P-pipe-NAME}, {@code sock-NAME-0}, {@code P-sock-NAME-0}, {@code proc-P} or
 * {@code proc-P.tN}). Each thread's seed is drawn from {@code random} in spawn order.
 */
final class ScenarioWorld {
    /** One process of a role: its name and its threads' process names. */
    record Instance(String name, Scenario.Role role, List<String> threads) {
    }

    private final Scenario scenario;
    private final SplittableRandom random;
    private int nextInstance;

    ScenarioWorld(final Scenario scenario, final SplittableRandom random) {
        this.scenario = scenario;
        this.random = random;
    }

    /** The world at the start: the shared objects, then {@code count} instances of each role, in order. */
    WorldSpec initial(final List<Instance> instances) {
        final Parts w = new Parts();
        for (final Scenario.FileDef f : scenario.files().values()) {
            w.files.add(new WorldSpec.FileSpec(f.name(), contents(f), null, f.dax()));
        }
        for (final Scenario.PipeDef p : scenario.pipes().values()) {
            w.pipe(p, p.name(), "pipe-" + p.name(), p.name());
        }
        for (final Scenario.SocketDef s : scenario.sockets().values()) {
            w.socketPair(s, s.name(), "sock-" + s.name(), s.name());
        }
        for (final Scenario.RelayDef r : scenario.relays().values()) {
            // one description of the relay file, shared by every process: the channel keeps its position
            w.relays.add(new WorldSpec.RelaySpec(r.name(), r.subbufSize(), r.subbufs()));
            w.descriptors.add(new WorldSpec.DescriptorSpec(r.name(), WorldSpec.Kind.RELAY, r.name(), OpenFlags.RDONLY,
                r.name()));
        }
        for (final Scenario.Role role : scenario.roles()) {
            for (int i = 0; i < role.count(); i++) {
                instances.add(instance(role, w));
            }
        }
        return w.spec();
    }

    /** One more process of {@code role} (a killed one's replacement): its private objects and threads. */
    WorldSpec another(final Scenario.Role role, final List<Instance> instances) {
        final Parts w = new Parts();
        instances.add(instance(role, w));
        return w.spec();
    }

    private Instance instance(final Scenario.Role role, final Parts w) {
        final String name = role.name() + "-" + nextInstance++;
        for (final Scenario.PipeDef p : role.pipes().values()) {
            w.pipe(p, name + "/" + p.name(), name + "-pipe-" + p.name(), p.name());
        }
        for (final Scenario.SocketDef s : role.sockets().values()) {
            w.socketPair(s, name + "/" + s.name(), name + "-sock-" + s.name(), s.name());
        }
        final Map<Integer, String> table = new LinkedHashMap<>();
        int fd = Scenario.Role.FIRST_FD;
        for (final String d : role.fds()) {
            table.put(fd++, description(role, name, d, w));
        }
        final List<Program.Region> regions = new ArrayList<>();
        for (final Scenario.MemDef m : role.memory().values()) {
            regions.add(new Program.Region(m.name(), m.size(), m.fill()));
        }
        final List<Program.Step> loop = List.of(loop(role));
        final List<String> threads = new ArrayList<>();
        for (int t = 0; t < role.threads(); t++) {
            final String thread = role.threads() == 1 ? name : name + ".t" + t;
            // threads: clone(CLONE_VM) siblings, one address space, each with a copy of the fd table
            w.processes.add(new WorldSpec.ProcessSpec(thread, table, regions, loop, t == 0 ? null : threads.get(0),
                random.nextLong(), false));
            threads.add(thread);
        }
        return new Instance(name, role, List.copyOf(threads));
    }

    /** The world name of descriptor {@code d} in process {@code process}'s table (its own, or a shared end). */
    private String description(final Scenario.Role role, final String process, final String d, final Parts w) {
        if (scenario.files().containsKey(d)) {
            return w.description(process + "/" + d, WorldSpec.Kind.FILE, d, d);
        }
        if (ScenarioParser.DEVICES.containsKey(d)) {
            return w.description(process + "/" + d, WorldSpec.Kind.of(ScenarioParser.DEVICES.get(d)), d, d);
        }
        if (scenario.relays().containsKey(d)) {
            return d;
        }
        final String object = d.substring(0, d.lastIndexOf('.'));
        final boolean pipeEnd = d.endsWith(".r") || d.endsWith(".w");
        return (pipeEnd ? role.pipes() : role.sockets()).containsKey(object) ? process + "/" + d : d;
    }

    private Program.Loop loop(final Scenario.Role role) {
        final List<Program.Choice> body = new ArrayList<>();
        for (final List<Scenario.Op> choice : role.loop()) {
            final List<Program.Template> templates = new ArrayList<>();
            final int[] weights = new int[choice.size()];
            for (int i = 0; i < choice.size(); i++) {
                templates.add(template(choice.get(i)));
                weights[i] = choice.get(i).weight();
            }
            body.add(new Program.Choice(templates, weights));
        }
        return new Program.Loop(body, scenario.iterations(), role.thinkTime().toNanos(), role.rate());
    }

    private static Program.Template template(final Scenario.Op op) {
        return new Program.Template() {
            @Override
            public Syscall make(final SplittableRandom r) {
                return op.make(r);
            }

            @Override
            public String source() {
                return op.source();
            }
        };
    }

    static int slots(final Scenario.PipeDef p) {
        final int slots = PipeActor.slotsFor(p.size());
        if (slots < 0) {
            throw new ScenarioException("pipe " + p.name() + ": size " + p.size() + " is not a size F_SETPIPE_SZ "
                + "accepts for an unprivileged process (at most 1 MiB)");
        }
        return slots;
    }

    private static byte[] contents(final Scenario.FileDef f) {
        final byte[] data = new byte[Math.toIntExact(f.size())];
        if (f.fill().isEmpty()) {
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) ('a' + (i / 4096 + i) % 26);
            }
        } else {
            java.util.Arrays.fill(data, (byte) f.fill().charAt(0));
        }
        return data;
    }

    /** The lists of a spec being compiled. */
    private static final class Parts {
        final List<WorldSpec.FileSpec> files = new ArrayList<>();
        final List<WorldSpec.PipeSpec> pipes = new ArrayList<>();
        final List<WorldSpec.SocketPairSpec> sockets = new ArrayList<>();
        final List<WorldSpec.DescriptorSpec> descriptors = new ArrayList<>();
        final List<WorldSpec.ProcessSpec> processes = new ArrayList<>();
        final List<WorldSpec.RelaySpec> relays = new ArrayList<>();

        void pipe(final Scenario.PipeDef p, final String name, final String actor, final String label) {
            pipes.add(new WorldSpec.PipeSpec(name, slots(p), p.nonblock(), actor, p.notification(), p.notes()));
            description(name + ".r", WorldSpec.Kind.PIPE_READ, name, label + ".r");
            description(name + ".w", WorldSpec.Kind.PIPE_WRITE, name, label + ".w");
        }

        void socketPair(final Scenario.SocketDef s, final String name, final String actor, final String label) {
            sockets.add(new WorldSpec.SocketPairSpec(name, s.kind(), s.nonblock(), actor));
            description(name + ".0", WorldSpec.Kind.SOCKET_0, name, label + ".0");
            description(name + ".1", WorldSpec.Kind.SOCKET_1, name, label + ".1");
        }

        String description(final String name, final WorldSpec.Kind kind, final String object, final String label) {
            descriptors.add(new WorldSpec.DescriptorSpec(name, kind, object, OpenFlags.RDWR, label));
            return name;
        }

        WorldSpec spec() {
            return new WorldSpec(files, pipes, sockets, descriptors, processes, relays);
        }
    }
}
