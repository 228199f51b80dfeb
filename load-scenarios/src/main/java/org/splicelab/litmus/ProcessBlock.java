package org.splicelab.litmus;

import java.util.List;
import java.util.Objects;

/** {@code process NAME { ... }}: one simulated process and its statements in program order. */
public record ProcessBlock(String name, List<Statement> body, int line) {
    public ProcessBlock {
        Objects.requireNonNull(name, "name");
        body = List.copyOf(body);
    }
}
