package org.splicelab.litmus;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.splicelab.protocols.Errno;

/** The names a litmus file has introduced so far, and the checks on each new use of a name. */
final class Scope {
    /** Names a condition gives a meaning of its own; they cannot be registers. */
    private static final Set<String> RESERVED = Set.of("deadlock", "violation", "len");

    private record Owner(String process, int line) {
    }

    private final TokenCursor in;
    private final Map<String, Declaration> objects = new LinkedHashMap<>();
    private final Map<String, Integer> processes = new HashMap<>();
    private final Map<String, Owner> registers = new HashMap<>();
    private final Map<String, Owner> memoryOwners = new HashMap<>();

    Scope(final TokenCursor in) {
        this.in = in;
    }

    /** Fails when {@code name} is already declared. */
    void checkNewObject(final Token name) {
        final Declaration d = objects.get(name.text());
        if (d != null) {
            throw in.error(name, "duplicate name '" + name.text() + "': already declared as " + d.keyword()
                + " at line " + d.line());
        }
    }

    void declare(final Declaration d) {
        objects.put(d.name(), d);
    }

    /** The declaration {@code name} refers to; fails when there is none. */
    Declaration object(final Token name) {
        final Declaration d = objects.get(name.text());
        if (d != null) {
            return d;
        }
        if (registers.containsKey(name.text())) {
            throw in.error(name, "'" + name.text() + "' is a register, not a declared object");
        }
        throw in.error(name, "'" + name.text() + "' is not declared"
            + (objects.isEmpty() ? " (there are no declarations)" : " (declared: " + String.join(", ", objects.keySet()) + ")"));
    }

    /** Records a new process name; fails on a duplicate. */
    private final Map<String, String> addressSpaceOf = new java.util.HashMap<>();

    void declareProcess(final Token name) {
        final Integer line = processes.putIfAbsent(name.text(), name.line());
        if (line != null) {
            throw in.error(name, "duplicate process '" + name.text() + "': already defined at line " + line);
        }
    }

    /** Records that {@code process} assigns the register {@code reg}; fails if the name cannot be a register. */
    void assign(final Token reg, final String process) {
        final String name = reg.text();
        final Declaration d = objects.get(name);
        if (d != null) {
            throw in.error(reg, "'" + name + "' is declared as " + d.keyword() + " at line " + d.line()
                + " and cannot be a register");
        }
        if (Errno.byName(name) != null) {
            throw in.error(reg, "'" + name + "' is an errno name and cannot be a register");
        }
        if (RESERVED.contains(name)) {
            throw in.error(reg, "'" + name + "' is reserved in conditions and cannot be a register");
        }
        final Owner owner = registers.putIfAbsent(name, new Owner(process, reg.line()));
        if (owner != null && !owner.process().equals(process)) {
            throw in.error(reg, "register '" + name + "' is already assigned by process " + owner.process()
                + " (line " + owner.line() + "); each register belongs to one process");
        }
    }

    boolean assigned(final String reg) {
        return registers.containsKey(reg);
    }

    /** Records that {@code process} is a thread of {@code owner}'s process (one address space). */
    void shareMemory(final String process, final String owner) {
        addressSpaceOf.put(process, owner);
    }

    /**
     * Records that {@code process} uses the mem region {@code mem}; a region belongs to one address
     * space (a process and the threads declared to share it).
     */
    void useMemory(final Token mem, final String process) {
        final Owner owner = memoryOwners.putIfAbsent(mem.text(), new Owner(process, mem.line()));
        if (owner != null && !addressSpace(owner.process()).equals(addressSpace(process))) {
            throw in.error(mem, "mem '" + mem.text() + "' is already used by process " + owner.process()
                + " (line " + owner.line() + "); a mem region belongs to one process and the processes declared"
                + " to share its memory ('process " + process + " shares " + owner.process() + "')");
        }
    }

    private String addressSpace(final String process) {
        return addressSpaceOf.getOrDefault(process, process);
    }
}
