package org.splicelab.litmus;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.splicelab.protocols.KernelModel;

/**
 * A parsed, checked litmus test: the engine's input. Every name a statement uses is declared (or is
 * {@code fd:N}), every bare pipe operand is resolved to an end, and every register a condition uses
 * is assigned by some process.
 */
public record LitmusTest(String name, KernelModel defaultModel, List<Declaration> declarations,
                         List<ProcessBlock> processes, List<Condition> conditions) {
    public LitmusTest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultModel, "defaultModel");
        declarations = List.copyOf(declarations);
        processes = List.copyOf(processes);
        conditions = List.copyOf(conditions);
    }

    /** The declaration called {@code name}. */
    public Optional<Declaration> declaration(final String name) {
        return declarations.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The process called {@code name}. */
    public Optional<ProcessBlock> process(final String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Every register, in the order of its first assignment in the source. */
    public List<String> registers() {
        final Set<String> seen = new LinkedHashSet<>();
        for (final ProcessBlock p : processes) {
            walk(p.body(), c -> c.register().ifPresent(seen::add));
        }
        return List.copyOf(seen);
    }

    /** The process that uses the {@code mem} region {@code mem} (it owns it), if any does. */
    public Optional<String> memoryOwner(final String mem) {
        for (final ProcessBlock p : processes) {
            final List<Statement.Call> calls = new ArrayList<>();
            walk(p.body(), calls::add);
            if (calls.stream().anyMatch(c -> c.op().memory().filter(m -> m.name().equals(mem)).isPresent())) {
                return Optional.of(p.name());
            }
        }
        return Optional.empty();
    }

    private static void walk(final List<Statement> body, final Consumer<Statement.Call> visit) {
        for (final Statement s : body) {
            if (s instanceof Statement.Call c) {
                visit.accept(c);
            } else if (s instanceof Statement.Repeat r) {
                walk(r.body(), visit);
            }
        }
    }
}
