package org.splicelab.actors;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.splicelab.memory.Violation;
import org.splicelab.memory.ViolationEvent;
import org.splicelab.protocols.SyscallResult;

/**
 * How one execution ended: every register's value, whether it ended in deadlock (every remaining
 * process blocked) or was cut off, the violations the checker reported (leaks included: the arena is
 * checked after every object released its pages), each process's trace, and the kernel's figures
 * ({@link KernelStats#snapshot()}).
 */
public record ExecutionResult(Map<String, SyscallResult> registers, boolean deadlock, String failure,
                              Set<Violation> violations, List<ViolationEvent> events,
                              List<ProcessActor.TraceLine> trace, int leakedPages, Map<String, Long> stats) {
}
