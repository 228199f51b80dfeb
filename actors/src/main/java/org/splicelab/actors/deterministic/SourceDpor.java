package org.splicelab.actors.deterministic;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Source-DPOR (Abdulla, Aronis, Jonsson, Sagonas, POPL 2014, Algorithm 1 with sleep sets) over the
 * process steps of gated runs ({@link Gates}), stateless: every execution is a fresh run that follows
 * a prefix of process choices and then, at every node, the first enabled process not asleep. A
 * process step ("transition") is a process's request and everything it sets off before the next
 * choice; what it touched is its footprint {@code F}, which the caller's {@link Footprints} collect
 * while it runs and whose {@link Dependence} the caller defines. After each run the races of its new
 * steps are reversed by adding an initial of {@code notdep(e).p} to the backtrack set of the node
 * before {@code e}; the walk is depth-first. It runs at least one execution of every class of
 * equivalent executions (Mazurkiewicz traces under the dependence), so it reaches every final state
 * the naive walk does when independent steps commute, in far fewer executions.
 *
 * <p>Assumptions, which gated litmus worlds satisfy: a process has at most one request pending, and a
 * pending request stays deliverable until delivered (nothing disables a step). A step that woke a
 * process enables that process's next step ({@link Dependence#enables}): such a race is not
 * reversible. Confined to one thread.
 *
 * <p>Usage: {@code while (dpor.hasNext()) { Run r = dpor.next(footprints); runtime.run(..., r, options
 * .withObserver(r)); dpor.completed(r); }}
 */
public final class SourceDpor<F> {
    /** When two steps do not commute. */
    public interface Dependence<F> {
        /** The two steps (of different processes) do not commute. */
        boolean dependent(F a, F b);

        /** Step {@code a} delivered something to {@code process} (woke or answered it). */
        boolean enables(F a, String process);
    }

    /** Collects the footprint of the step in progress from the run's events. */
    public interface Footprints<F> extends RunObserver {
        /** Ends the step in progress (the start-up phase before the first one) and returns its footprint. */
        F cut();

        /** A step of {@code process} begins. */
        void begin(String process);

        /** A new run begins. */
        void reset();
    }

    private static final class Node<F> {
        final List<String> enabled;
        final Set<String> backtrack = new LinkedHashSet<>();
        /** Processes asleep here, with the footprint of their step from here. */
        final Map<String, F> sleep;
        /** The footprint of each step explored from here. */
        final Map<String, F> explored = new LinkedHashMap<>();
        String chosen;

        Node(final List<String> enabled, final Map<String, F> sleep) {
            this.enabled = List.copyOf(enabled);
            this.sleep = sleep;
        }
    }

    private final Dependence<F> dependence;
    private final List<Node<F>> nodes = new ArrayList<>();
    private List<String> prefix = new ArrayList<>();
    private boolean started;
    private boolean finished;
    private long runs;
    private long blockedRuns;

    public SourceDpor(final Dependence<F> dependence) {
        this.dependence = dependence;
    }

    /** Another execution is needed. */
    public boolean hasNext() {
        return !finished;
    }

    /** Executions run so far (sleep-set-blocked ones included). */
    public long runs() {
        return runs;
    }

    /** Executions that ran into a step already covered (sleep-set blocked): redundant, but still real executions. */
    public long blockedRuns() {
        return blockedRuns;
    }

    /** Forgets everything explored (the dependence grew: explore again with it). */
    public void restart() {
        nodes.clear();
        prefix = new ArrayList<>();
        started = false;
        finished = false;
    }

    /** The strategy and observer of the next execution. */
    public Run next(final Footprints<F> footprints) {
        if (finished) {
            throw new IllegalStateException("the exploration is complete");
        }
        footprints.reset();
        return new Run(footprints);
    }

    /** One execution: follows the prefix, then the first enabled process not asleep. */
    public final class Run implements Strategy, RunObserver {
        private final Footprints<F> footprints;
        private final List<String> processes = new ArrayList<>();
        private final List<F> steps = new ArrayList<>();
        /** The step in progress has not been cut yet. */
        private boolean open;
        private int blockedAt = -1;

        private Run(final Footprints<F> footprints) {
            this.footprints = footprints;
        }

        /** The step index the next choice or process step is at (cuts the step before it). */
        private int at() {
            if (open) {
                steps.add(footprints.cut());
                open = false;
                afterStep(steps.size() - 1);
            } else if (processes.isEmpty() && steps.isEmpty()) {
                footprints.cut();
            }
            return processes.size();
        }

        /** After step i: the node after it exists (from an earlier run) or is made with its sleep set. */
        private void afterStep(final int i) {
            if (i + 1 < nodes.size() || blockedAt >= 0) {
                return;
            }
            final Node<F> n = nodes.get(i);
            final F f = steps.get(i);
            final Map<String, F> sleep = new LinkedHashMap<>();
            n.sleep.forEach((p, g) -> {
                if (!p.equals(processes.get(i)) && !dependence.dependent(g, f)) {
                    sleep.put(p, g);
                }
            });
            pending = sleep;
        }

        private Map<String, F> pending = new LinkedHashMap<>();

        private Node<F> node(final int i, final List<String> enabled) {
            if (i < nodes.size()) {
                return nodes.get(i);
            }
            final Node<F> n = new Node<>(enabled, pending);
            pending = new LinkedHashMap<>();
            nodes.add(n);
            return n;
        }

        private String pick(final int i, final List<String> enabled) {
            if (blockedAt >= 0) {
                return enabled.get(0);
            }
            final Node<F> n = node(i, enabled);
            if (i < prefix.size()) {
                return prefix.get(i);
            }
            for (final String p : enabled) {
                if (!n.sleep.containsKey(p)) {
                    return p;
                }
            }
            blockedAt = i;
            return enabled.get(0);
        }

        @Override
        public int choose(final ChoicePoint p) {
            if (p.kind() != Decision.Kind.PROCESS_STEP) {
                return 0;
            }
            final List<String> enabled = new ArrayList<>(p.options().size());
            for (int o = 0; o < p.options().size(); o++) {
                enabled.add(p.cause(o, 0));
            }
            final String want = pick(at(), enabled);
            final int o = enabled.indexOf(want);
            if (o < 0) {
                fail("process " + want + " is not enabled at step " + processes.size() + " (enabled " + enabled
                    + "): the run is not deterministic");
                return 0;
            }
            return o;
        }

        @Override
        public int choose(final Decision.Kind kind, final List<String> options) {
            return 0;
        }

        @Override
        public void processStep(final String sender, final String receiver, final List<String> enabled) {
            final int i = at();
            if (i >= nodes.size() && blockedAt < 0) {
                pick(i, enabled);
            } else if (i < prefix.size() && !prefix.get(i).equals(sender)) {
                fail("step " + i + " ran " + sender + ", not " + prefix.get(i));
            }
            if (enabled.stream().distinct().count() != enabled.size()) {
                fail("a process has two requests pending at step " + i + ": " + enabled);
            }
            processes.add(sender);
            footprints.processStep(sender, receiver, enabled);
            footprints.begin(sender);
            open = true;
        }

        @Override
        public void stepStarted(final long step, final String actor) {
            footprints.stepStarted(step, actor);
        }

        @Override
        public void delivered(final long step, final String receiver, final String sender, final Object message) {
            footprints.delivered(step, receiver, sender, message);
        }

        @Override
        public void stepEnded(final long step, final String actor) {
            footprints.stepEnded(step, actor);
        }

        private String error;

        /** Errors are kept for {@link #completed}: nothing may be thrown into the runtime's step. */
        private void fail(final String why) {
            if (error == null) {
                error = why;
            }
        }

        /** True when the run ran into a sleeping step (it is redundant past that point). */
        public boolean blocked() {
            return blockedAt >= 0;
        }

        @Override
        public String describe() {
            return "dpor(prefix " + prefix.size() + ")";
        }
    }

    /**
     * Analyses a finished run: records its steps, reverses its races, picks the next prefix. Throws
     * {@link IllegalStateException} when the run broke an assumption (the exploration cannot go on).
     */
    public void completed(final Run r) {
        if (r.error != null) {
            finished = true;
            throw new IllegalStateException("DPOR: " + r.error);
        }
        if (r.open) {
            r.steps.add(r.footprints.cut());
            r.open = false;
        }
        runs++;
        if (r.blocked()) {
            blockedRuns++;
        }
        final int length = r.blocked() ? r.blockedAt : r.processes.size();
        for (int i = 0; i < length; i++) {
            final Node<F> n = nodes.get(i);
            n.chosen = r.processes.get(i);
            n.explored.put(n.chosen, r.steps.get(i));
            n.backtrack.add(n.chosen);
        }
        while (nodes.size() > length + (r.blocked() ? 1 : 0)) {
            nodes.remove(nodes.size() - 1);
        }
        final int from = started ? Math.max(0, prefix.size() - 1) : 0;
        started = true;
        analyse(r.processes.subList(0, length), r.steps.subList(0, length), from);
        backtrack();
    }

    private void analyse(final List<String> procs, final List<F> fps, final int from) {
        final int n = procs.size();
        final BitSet[] hb = new BitSet[n];
        final boolean[][] dep = new boolean[n][];
        for (int j = 0; j < n; j++) {
            hb[j] = new BitSet(n);
            dep[j] = new boolean[j];
            for (int i = 0; i < j; i++) {
                dep[j][i] = procs.get(i).equals(procs.get(j)) || dependence.dependent(fps.get(i), fps.get(j));
                if (dep[j][i]) {
                    hb[j].or(hb[i]);
                    hb[j].set(i);
                }
            }
        }
        for (int j = from; j < n; j++) {
            final String p = procs.get(j);
            for (int i = j - 1; i >= 0; i--) {
                if (procs.get(i).equals(p) || !dep[j][i] || dependence.enables(fps.get(i), p)) {
                    continue;
                }
                boolean direct = true;
                for (int k = i + 1; k < j && direct; k++) {
                    direct = !(hb[k].get(i) && hb[j].get(k));
                }
                if (direct) {
                    reverse(i, j, procs, hb);
                }
            }
        }
    }

    /** The race (i, j): make sure the node before i explores an initial of notdep(i).p first. */
    private void reverse(final int i, final int j, final List<String> procs, final BitSet[] hb) {
        final Node<F> node = nodes.get(i);
        final List<Integer> v = new ArrayList<>();
        for (int k = i + 1; k < j; k++) {
            if (!hb[k].get(i)) {
                v.add(k);
            }
        }
        v.add(j);
        final Set<String> initials = new LinkedHashSet<>();
        for (int a = 0; a < v.size(); a++) {
            final int k = v.get(a);
            boolean initial = true;
            for (int b = 0; b < a && initial; b++) {
                initial = !hb[k].get(v.get(b));
            }
            if (initial && node.enabled.contains(procs.get(k))) {
                initials.add(procs.get(k));
            }
        }
        if (initials.isEmpty()) {
            return;
        }
        for (final String q : initials) {
            if (node.backtrack.contains(q)) {
                return;
            }
        }
        node.backtrack.add(initials.contains(procs.get(j)) ? procs.get(j) : initials.iterator().next());
    }

    /** The deepest node with a step to explore that is neither explored nor asleep; else the end. */
    private void backtrack() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            final Node<F> n = nodes.get(i);
            if (n.chosen != null && !n.sleep.containsKey(n.chosen)) {
                final F explored = n.explored.get(n.chosen);
                if (explored != null) {
                    n.sleep.put(n.chosen, explored);
                }
            }
            String next = null;
            for (final String q : n.backtrack) {
                if (!n.sleep.containsKey(q) && n.enabled.contains(q)) {
                    next = q;
                    break;
                }
            }
            if (next != null) {
                while (nodes.size() > i + 1) {
                    nodes.remove(nodes.size() - 1);
                }
                final List<String> p = new ArrayList<>(i + 1);
                for (int k = 0; k < i; k++) {
                    p.add(nodes.get(k).chosen);
                }
                p.add(next);
                n.chosen = next;
                prefix = p;
                return;
            }
        }
        finished = true;
    }
}
