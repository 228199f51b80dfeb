/**
 * Race hunting (issue 6): the {@link org.splicelab.hunt.Hunter} explores schedules of a
 * {@link org.splicelab.hunt.HuntTarget} (a {@code .litmus} file, {@link org.splicelab.hunt.LitmusTarget}, a load
 * scenario, {@link org.splicelab.hunt.ScenarioTarget},
 * or a world of actors a test builds) on the deterministic runtime until one finds a violation or a
 * failed condition, confirms it by replaying it with a trace, and writes a
 * {@link org.splicelab.hunt.ReplayFile}; the {@link org.splicelab.hunt.Replayer} reproduces one in any
 * JVM, the {@link org.splicelab.hunt.Shrinker} cuts it down, the
 * {@link org.splicelab.hunt.StressHunter} runs the same target on real threads, and
 * {@link org.splicelab.hunt.HuntAssertions} makes a hunt a unit test.
 */
package org.splicelab.hunt;
