package org.splicelab.actors;

import akka.dispatch.DispatcherPrerequisites;
import akka.dispatch.ExecutorServiceConfigurator;
import akka.dispatch.ExecutorServiceFactory;
import com.typesafe.config.Config;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The default dispatcher of real-thread runs: a fixed pool of {@code fifo-executor.pool-size} threads
 * over one FIFO queue (ADR 0005: a timer or a {@code Finish} waits behind at most the work already
 * queued), the queue lock-free ({@link LinkedTransferQueue}) instead of {@code thread-pool-executor}'s
 * lock-based one, which was ~15 % of the bench's samples under contention between the two cores.
 * Configure with {@code executor = "org.splicelab.actors.FifoExecutorConfigurator"}.
 */
public final class FifoExecutorConfigurator extends ExecutorServiceConfigurator {
    /** The dispatcher section that selects it, for scenario runs and litmus executions. */
    public static String dispatcherConfig(final int threads, final int throughput) {
        return "akka.actor.default-dispatcher {\n  executor = \"" + FifoExecutorConfigurator.class.getName() + "\"\n"
            + "  fifo-executor.pool-size = " + threads + "\n  throughput = " + throughput + "\n}\n";
    }

    private final int threads;

    public FifoExecutorConfigurator(final Config config, final DispatcherPrerequisites prerequisites) {
        super(config, prerequisites);
        this.threads = config.hasPath("fifo-executor.pool-size") ? config.getInt("fifo-executor.pool-size")
            : Math.max(2, Runtime.getRuntime().availableProcessors());
    }

    @Override
    public ExecutorServiceFactory createExecutorServiceFactory(final String id, final ThreadFactory threadFactory) {
        return new ExecutorServiceFactory() {
            @Override
            public ExecutorService createExecutorService() {
                return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedTransferQueue<>(),
                    threadFactory);
            }
        };
    }
}
