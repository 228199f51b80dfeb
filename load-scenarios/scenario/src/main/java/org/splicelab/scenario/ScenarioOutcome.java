package org.splicelab.scenario;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.splicelab.memory.ViolationEvent;
import org.splicelab.report.RunReport;

/**
 * What a scenario run measured, before it is graded: the timeline, latencies per syscall kind, the
 * kernel's figures (taken after every object released its pages, so the byte accounting is complete),
 * violations and leaks, and what the faults did; {@code blockedAtEnd}: the processes still blocked in a
 * call when the grace after the end was over (they were aborted), in name order.
 */
public record ScenarioOutcome(double seconds, List<RunReport.Sample> timeline, Map<String, Histogram> latencies,
                              Map<String, Long> stats, long bytesIn, long bytesOut, Map<String, Long> discarded,
                              Map<String, Long> violations, List<ViolationEvent> events, int leakedPages,
                              Map<String, Long> faults, String failure, List<RunReport.OpResult> operations,
                              String interrupted, List<String> blockedAtEnd) {
}
