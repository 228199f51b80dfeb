package org.splicelab.scenario;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.splicelab.memory.PageArena;

/**
 * Estimates, before anything is spawned, the memory a scenario's world takes, and says whether it fits
 * this JVM and this machine: a run that cannot fit would otherwise spend minutes spawning actors and end
 * in an {@link OutOfMemoryError}. The figures were measured with {@code jcmd GC.class_histogram} on
 * 4,000 processes (each a process, a pipe and a socket pair): an actor with its mailbox and state is
 * about 4 KiB, rounded up. (The latency histograms, about 80 KiB per call kind, were once per process
 * and dominated; they are per dispatcher thread now, {@code LatencyTable}, and left out.)
 */
public final class ScenarioBudget {
    /** One actor: cell, mailbox, behaviour, its maps. */
    public static final long ACTOR_BYTES = 8L << 10;
    /** The share of the heap ({@code -Xmx}) a world may take: the rest is for the JVM, Akka and the report. */
    public static final double HEAP_SHARE = 0.75;

    private ScenarioBudget() {
    }

    /** The heap a world may take in this JVM: {@link #HEAP_SHARE} of {@code -Xmx}. */
    public static long heapBudget() {
        return (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
    }

    /** The machine's physical memory (the container's limit when there is one), or 0 when unknown. */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    /** The heap one process of {@code role} takes: per thread an actor; its objects and the data its writes carry. */
    public static long perProcess(final Scenario.Role role) {
        long data = 0;
        for (final List<Scenario.Op> choice : role.loop()) {
            for (final Scenario.Op op : choice) {
                if (ScenarioOps.carriesData(op.call())) {
                    data += op.len();
                }
            }
        }
        final long thread = ACTOR_BYTES;
        final long objects = (role.pipes().size() + 2L * role.sockets().size()) * ACTOR_BYTES;
        return role.threads() * thread + objects + data;
    }

    /** The heap the whole world takes: every role's processes, the shared objects and the files' contents. */
    public static long heap(final Scenario s) {
        long total = (s.files().size() + s.pipes().size() + 2L * s.sockets().size()) * ACTOR_BYTES;
        for (final Scenario.FileDef f : s.files().values()) {
            total += f.size();
        }
        for (final Scenario.Role r : s.roles()) {
            total += r.count() * perProcess(r);
        }
        return total;
    }

    /** The arena's native memory when every frame is used: page data and headers. */
    public static long arena(final int frames) {
        return (long) frames * (PageArena.PAGE_SIZE + 64);
    }

    /**
     * The role that breaks the heap budget and how many of its processes would fit (with the others as they
     * are), or null when the world fits.
     */
    public static Excess heapExcess(final Scenario s) {
        final long need = heap(s);
        final long budget = heapBudget();
        if (need <= budget) {
            return null;
        }
        Scenario.Role worst = s.roles().get(0);
        for (final Scenario.Role r : s.roles()) {
            if (r.count() * perProcess(r) > worst.count() * perProcess(worst)) {
                worst = r;
            }
        }
        final long others = need - worst.count() * perProcess(worst);
        final long fit = Math.max(0, (budget - others) / perProcess(worst));
        return new Excess(worst, need, perProcess(worst), budget, fit);
    }

    /**
     * A world too large for the heap.
     *
     * @param role       the role with the most heap
     * @param need       the whole world's estimate
     * @param perProcess one process of that role
     * @param budget     {@link #heapBudget()}
     * @param fit        how many processes of that role would fit
     */
    public record Excess(Scenario.Role role, long need, long perProcess, long budget, long fit) {
        /** {@code expected at most N processes ..., found C: ...}: what the message says after the key. */
        public String explain(final String found) {
            return "expected at most " + fit + " processes" + (role.threads() > 1 ? " of " + role.threads()
                + " threads" : "") + " (what this JVM's heap holds), found " + found + ": the world needs about "
                + Sizes.approx(need) + " of heap (" + Sizes.approx(perProcess) + " a process), more than the "
                + Sizes.approx(budget) + " a run may take (3/4 of -Xmx " + Sizes.approx(Runtime.getRuntime().maxMemory())
                + "; raise it with SPLICELAB_JAVA_OPTS=-Xmx...)";
        }
    }
}
