package org.splicelab.litmus;

import java.util.Objects;

/** A memory operand {@code M@OFF}: the declared {@code mem} region {@code name} at byte {@code offset} (0 when omitted). */
public record MemRef(String name, long offset) {
    public MemRef {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return offset == 0 ? name : name + "@" + offset;
    }
}
