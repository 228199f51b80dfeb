package org.splicelab.litmus;

import java.util.List;
import java.util.Objects;

/**
 * {@code process NAME [shares OTHER] { ... }}: one simulated process and its statements in program
 * order. With {@code shares}, it is another thread of {@code OTHER}'s process: one address space
 * (clone(CLONE_VM)), so their {@code mem} regions are the same pages; each keeps its own descriptors.
 */
public record ProcessBlock(String name, List<Statement> body, int line, String shares) {
    public ProcessBlock {
        Objects.requireNonNull(name, "name");
        body = List.copyOf(body);
    }

    public ProcessBlock(final String name, final List<Statement> body, final int line) {
        this(name, body, line, null);
    }
}
