package org.splicelab.cluster;

import akka.actor.Address;
import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.Leave;
import akka.cluster.typed.SingletonActor;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One JVM's membership in a splicelab cluster: an Akka Cluster node over Artery TCP on
 * {@code host:port}, joining the seed at {@code seedHost:seedPort}. The seed has the {@code coordinator}
 * role and runs the {@link Coordinator} singleton; every node can reach it through a singleton proxy.
 * A node with worker slots spawns that many {@link Worker}s.
 */
public final class ClusterNode implements AutoCloseable {
    /** The actor system's name: every node of one cluster must use it. */
    public static final String SYSTEM = "splicelab";

    /** What a node is for (its Akka Cluster role). */
    public enum Role {
        COORDINATOR("coordinator"), WORKER("worker"), CLIENT("client");

        final String id;

        Role(final String id) {
            this.id = id;
        }
    }

    private final ActorSystem<Void> system;
    private final ActorRef<Coordinator.Command> coordinator;

    private ClusterNode(final ActorSystem<Void> system, final ActorRef<Coordinator.Command> coordinator) {
        this.system = system;
        this.coordinator = coordinator;
    }

    /**
     * Starts a node. {@code port} 0 takes a free port. Throws {@link ClusterException} when the port
     * cannot be bound.
     */
    public static ClusterNode start(final Role role, final String host, final int port, final String seedHost,
                                    final int seedPort, final int workers, final Duration downAfter) {
        final Config c = config(role, host, port, seedHost, seedPort, downAfter);
        final ActorSystem<Void> system;
        try {
            system = ActorSystem.create(Behaviors.setup(ctx -> {
                final String self = hostPort(Cluster.get(ctx.getSystem()).selfMember().address());
                for (int i = 0; i < workers; i++) {
                    ctx.spawn(Worker.create(self, i), "worker-" + i);
                }
                return Behaviors.<Void>empty();
            }), SYSTEM, c);
        } catch (RuntimeException e) {
            throw new ClusterException("cannot start a cluster node on " + host + ":" + port + ": " + rootMessage(e), e);
        }
        final ActorRef<Coordinator.Command> proxy = ClusterSingleton.get(system).init(SingletonActor.of(
            Coordinator.create(), "coordinator").withSettings(ClusterSingletonSettings.create(system).withRole(
            Role.COORDINATOR.id)));
        return new ClusterNode(system, proxy);
    }

    /** The node's configuration: cluster provider, Artery TCP, Jackson CBOR for {@link ClusterMessage}s. */
    static Config config(final Role role, final String host, final int port, final String seedHost,
                         final int seedPort, final Duration downAfter) {
        final String seed = "akka://" + SYSTEM + "@" + seedHost + ":" + seedPort;
        return ConfigFactory.parseString(String.join("\n",
            "akka.loglevel = WARNING",
            "akka.loggers = [\"akka.event.slf4j.Slf4jLogger\"]",
            "akka.logging-filter = \"akka.event.slf4j.Slf4jLoggingFilter\"",
            "akka.actor.provider = cluster",
            "akka.actor.serialization-bindings { \"" + ClusterMessage.class.getName() + "\" = jackson-cbor }",
            "akka.serialization.jackson.jackson-cbor.compression { algorithm = gzip, compress-larger-than = 32 KiB }",
            "akka.remote.artery.transport = tcp",
            "akka.remote.artery.canonical.hostname = \"" + host + "\"",
            "akka.remote.artery.canonical.port = " + port,
            "akka.remote.artery.advanced.maximum-frame-size = 8 MiB",
            "akka.remote.artery.advanced.buffer-pool-size = 16",
            "akka.cluster.roles = [" + role.id + "]",
            "akka.cluster.seed-nodes = [\"" + seed + "\"]",
            "akka.cluster.log-info = off",
            "akka.cluster.jmx.enabled = off",
            "akka.cluster.downing-provider-class = \"akka.cluster.sbr.SplitBrainResolverProvider\"",
            "akka.cluster.split-brain-resolver.active-strategy = keep-oldest",
            "akka.cluster.split-brain-resolver.keep-oldest.role = " + Role.COORDINATOR.id,
            "akka.cluster.split-brain-resolver.keep-oldest.down-if-alone = off",
            "akka.cluster.split-brain-resolver.stable-after = " + downAfter.toMillis() + "ms",
            "akka.coordinated-shutdown.exit-jvm = off",
            // a seed or a worker leaves the cluster gracefully on SIGTERM; a client closes its node itself,
            // after it has printed what finished
            "akka.coordinated-shutdown.run-by-jvm-shutdown-hook = " + (role == Role.CLIENT ? "off" : "on")))
            .withFallback(ConfigFactory.load());
    }

    /** Waits until this node is Up in the cluster, else throws {@link ClusterException}. */
    public ClusterNode awaitUp(final Duration timeout, final String seed) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final Cluster cluster = Cluster.get(system);
        while (cluster.selfMember().status() != MemberStatus.up()) {
            if (System.nanoTime() > deadline || system.getWhenTerminated().toCompletableFuture().isDone()) {
                throw new ClusterException("could not join the cluster at " + seed + " within "
                    + timeout.toSeconds() + " s (is `splicelab cluster seed` running there, on that address?)");
            }
            sleep(50);
        }
        return this;
    }

    public ActorSystem<Void> system() {
        return system;
    }

    /** The coordinator, wherever it runs (a singleton proxy: it buffers until the coordinator is found). */
    public ActorRef<Coordinator.Command> coordinator() {
        return coordinator;
    }

    /** This node's host:port. */
    public String self() {
        return hostPort(Cluster.get(system).selfMember().address());
    }

    /** Blocks until the node's actor system has terminated (it was downed, or {@link #close} ran). */
    public void awaitTermination() throws InterruptedException {
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new ClusterException("the cluster node failed: " + rootMessage(e), e);
        }
    }

    /** Leaves the cluster (so the others stop sending to it) and stops the node. */
    @Override
    public void close() {
        if (!system.getWhenTerminated().toCompletableFuture().isDone()) {
            final Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && !cluster.isTerminated()
                && cluster.selfMember().status() != MemberStatus.removed()) {
                sleep(20);
            }
            system.terminate();
        }
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            // the node is going away either way; nothing of the user's is lost by not waiting longer
        }
    }

    /** host:port of a node's address. */
    public static String hostPort(final Address a) {
        return a.host().isDefined() ? a.host().get() + ":" + a.port().get() : a.toString();
    }

    /** A HOST:PORT argument, checked: throws {@link ClusterException} naming the option. */
    public static String[] parseHostPort(final String option, final String value) {
        final int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ClusterException(option + ": expected HOST:PORT (e.g. 127.0.0.1:25520), found '" + value + "'");
        }
        final String port = value.substring(colon + 1);
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new ClusterException(option + ": expected a port from 1 to 65535 after the ':', found '" + port + "'");
        }
        return new String[] {value.substring(0, colon), port};
    }

    static String rootMessage(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted");
        }
    }
}
