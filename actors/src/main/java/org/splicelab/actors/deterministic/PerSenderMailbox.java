package org.splicelab.actors.deterministic;

import akka.actor.ActorRef;
import akka.actor.ActorSystem;
import akka.dispatch.Envelope;
import akka.dispatch.MailboxType;
import akka.dispatch.MessageQueue;
import akka.dispatch.ProducesMessageQueue;
import akka.dispatch.UnboundedMessageQueueSemantics;
import com.typesafe.config.Config;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import scala.Option;

/**
 * The deterministic runtime's mailbox ({@code akka.actor.default-mailbox}): one FIFO per sender, so
 * Akka's only ordering promise (per sender-receiver pair) is kept while the order between senders
 * becomes a scheduling choice ({@link Decision.Kind#MESSAGE}). The sender is the actor whose step is
 * running when the message is enqueued (typed messages carry no sender), as told by the
 * {@link DeterministicRuntime} this system belongs to.
 */
public final class PerSenderMailbox implements MailboxType, ProducesMessageQueue<PerSenderMailbox.Queue> {
    private final DeterministicRuntime runtime;

    /** The constructor Akka calls. */
    public PerSenderMailbox(final ActorSystem.Settings settings, final Config config) {
        this.runtime = DeterministicRuntime.registered(settings.name());
    }

    @Override
    public MessageQueue create(final Option<ActorRef> owner, final Option<ActorSystem> system) {
        return new Queue(runtime, owner.isDefined() ? DeterministicRuntime.key(owner.get().path()) : "~none");
    }

    /** A queued message with its cause (see {@link ChoicePoint}) and its place in the run's send order. */
    private record Item(Envelope envelope, String cause, long sequence) {
    }

    /** The queues of one actor. Synchronized: a foreign thread may enqueue (it is counted, not prevented). */
    public static final class Queue implements MessageQueue, UnboundedMessageQueueSemantics {
        private final DeterministicRuntime runtime;
        private final String owner;
        private final String ownerName;
        /** Sender keys in path order, and their FIFOs (kept when empty: an actor lives one run). */
        private final List<String> senders = new ArrayList<>(4);
        private final List<ArrayDeque<Item>> fifos = new ArrayList<>(4);
        private int size;
        /** Coarse mode: the gated sender whose head the runtime released for the next dequeue. */
        private String released;

        Queue(final DeterministicRuntime runtime, final String owner) {
            this.runtime = runtime;
            this.owner = owner;
            this.ownerName = DeterministicRuntime.name(owner);
        }

        String owner() {
            return owner;
        }

        String ownerName() {
            return ownerName;
        }

        @Override
        public synchronized void enqueue(final ActorRef receiver, final Envelope handle) {
            final String sender = runtime.currentSender();
            final Item item = new Item(handle, runtime.causeOfSendTo(owner), runtime.nextSequence());
            int i = 0;
            while (i < senders.size() && senders.get(i).compareTo(sender) < 0) {
                i++;
            }
            if (i == senders.size() || !senders.get(i).equals(sender)) {
                senders.add(i, sender);
                fifos.add(i, new ArrayDeque<>(4));
            }
            fifos.get(i).add(item);
            size++;
        }

        @Override
        public synchronized Envelope dequeue() {
            if (size == 0) {
                return null;
            }
            final int i = runtime.pickSender(this);
            if (i < 0) {
                return null;
            }
            size--;
            final Item e = fifos.get(i).poll();
            runtime.delivered(this, senders.get(i), e.envelope().message(), e.cause(), e.sequence());
            return e.envelope();
        }

        /** Sender keys with a message waiting, in order (for the runtime's choice). */
        synchronized void waiting(final List<String> out, final List<Integer> indexes) {
            for (int i = 0; i < senders.size(); i++) {
                if (!fifos.get(i).isEmpty()) {
                    out.add(senders.get(i));
                    indexes.add(i);
                }
            }
        }

        /** The index of {@code sender}'s FIFO when it has a message, else -1. */
        synchronized int indexOfWaiting(final String sender) {
            final int i = senders.indexOf(sender);
            return i >= 0 && !fifos.get(i).isEmpty() ? i : -1;
        }

        /** How many senders have a message waiting. */
        synchronized int waitingCount() {
            int n = 0;
            for (final ArrayDeque<Item> f : fifos) {
                n += f.isEmpty() ? 0 : 1;
            }
            return n;
        }

        /** The FIFO index of the {@code h}-th sender with a message waiting. */
        private int waitingIndex(final int h) {
            int n = -1;
            for (int i = 0; i < fifos.size(); i++) {
                if (!fifos.get(i).isEmpty() && ++n == h) {
                    return i;
                }
            }
            throw new IndexOutOfBoundsException("waiting sender " + h + " of " + (n + 1));
        }

        /** The cause of the {@code h}-th waiting sender's oldest message. */
        synchronized String waitingCause(final int h) {
            return fifos.get(waitingIndex(h)).peek().cause();
        }

        synchronized long waitingSequence(final int h) {
            return fifos.get(waitingIndex(h)).peek().sequence();
        }

        /** The cause of the oldest message in FIFO {@code i} (which must have one). */
        synchronized String headCause(final int i) {
            return fifos.get(i).peek().cause();
        }

        synchronized long headSequence(final int i) {
            return fifos.get(i).peek().sequence();
        }

        synchronized String senderAt(final int i) {
            return senders.get(i);
        }

        synchronized boolean waitingAt(final int i) {
            return !fifos.get(i).isEmpty();
        }

        synchronized int senderCount() {
            return senders.size();
        }

        void release(final String sender) {
            released = sender;
        }

        String takeReleased() {
            final String r = released;
            released = null;
            return r;
        }

        @Override
        public synchronized int numberOfMessages() {
            return size;
        }

        @Override
        public synchronized boolean hasMessages() {
            return size > 0;
        }

        @Override
        public void cleanUp(final ActorRef owner, final MessageQueue deadLetters) {
            final List<Envelope> left = new ArrayList<>();
            synchronized (this) {
                for (final ArrayDeque<Item> f : fifos) {
                    f.forEach(item -> left.add(item.envelope()));
                    f.clear();
                }
                size = 0;
            }
            for (final Envelope e : left) {
                deadLetters.enqueue(owner, e);
            }
        }
    }
}
