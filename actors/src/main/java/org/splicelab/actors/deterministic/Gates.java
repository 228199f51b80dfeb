package org.splicelab.actors.deterministic;

import java.util.function.Predicate;

/**
 * Syscall-level exploration: a message from a gated sender (a process) to a gated receiver (a kernel
 * object) is a process step, delivered only when the runtime chooses it
 * ({@link Decision.Kind#PROCESS_STEP}); everything else runs at once, in path order, between choices.
 * So each choice point is a state where every request in flight has been handled as far as it can go,
 * and the runs enumerate interleavings of process steps, not of messages. Predicates see actor names
 * (the last path element).
 */
public record Gates(Predicate<String> sender, Predicate<String> receiver) {
    /**
     * Litmus worlds: processes are {@code proc-*}; files, pipes, sockets and relay channels are {@code file-*},
     * {@code pipe-*}, {@code sock-*}, {@code relayfs-*}. A process's message to itself is a step too: it performs a call that reads shared
     * state in the process's own thread (a lock-free page-cache read), see {@code Kernel.stepLocalCalls}.
     */
    public static Gates litmusProcesses() {
        return new Gates(n -> n.startsWith("proc-"),
            n -> n.startsWith("file-") || n.startsWith("pipe-") || n.startsWith("sock-") || n.startsWith("relayfs-")
                || n.startsWith("proc-"));
    }
}
