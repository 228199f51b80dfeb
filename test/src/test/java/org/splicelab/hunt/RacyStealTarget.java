package org.splicelab.hunt;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.splicelab.actors.Kernel;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.Violation;

/**
 * A deliberately racy steal, in test code only: a "thief" (remove_mapping on the splice path) takes a
 * page-cache page the way the kernel must not, by checking the refcount and acting later
 * ({@code if (page_count == 2) ... put the cache's reference; claim the page}) instead of
 * {@code page_ref_freeze(page, 2)}; a "reader" (a concurrent lookup) takes a reference in between with
 * {@code get_page_unless_zero}. When the reader's reference lands between the check and the claim,
 * the claim sees refcount 2: {@code stolen-while-shared}. The check and the act are two messages of
 * the thief (it tells itself to commit), so the deterministic hunter can interleave the reader
 * between them; on real threads the window is the time between two messages on one thread.
 *
 * <p>{@link Safe} steals with {@code freeze}: nothing to find.
 */
public class RacyStealTarget implements HuntTarget {
    private final boolean safe;

    public RacyStealTarget() {
        this(false);
    }

    RacyStealTarget(final boolean safe) {
        this.safe = safe;
    }

    /** The correct steal (page_ref_freeze): the same world, no race. */
    public static final class Safe extends RacyStealTarget {
        public Safe() {
            super(true);
        }
    }

    @Override
    public String name() {
        return safe ? "safe-steal" : "racy-steal";
    }

    @Override
    public String reference() {
        return "class:" + getClass().getName();
    }

    @Override
    public String checksum() {
        return "";
    }

    @Override
    public int frames() {
        return 64;
    }

    private enum Msg { STEAL, COMMIT, READ, DONE }

    private record Report(String who, String what) {
    }

    @Override
    public Behavior<?> root(final Kernel kernel, final ActorRef<HuntOutcome> done) {
        return world(kernel, done, 0);
    }

    /** On real threads the reader first spins a seeded while (0 to 255 spin-waits) to vary the overlap. */
    @Override
    public Behavior<?> stressRoot(final Kernel kernel, final ActorRef<HuntOutcome> done, final long seed) {
        return world(kernel, done, new java.util.SplittableRandom(seed).nextInt(256));
    }

    private Behavior<Report> world(final Kernel kernel, final ActorRef<HuntOutcome> done, final int spin) {
        return Behaviors.setup(ctx -> {
            final PageArena arena = kernel.arena();
            final long page = arena.alloc();               // the page cache's reference
            arena.fill(page, 0, PageArena.PAGE_SIZE, (byte) 'A');
            arena.get(page);                               // the thief's own reference (a pipe buffer)
            final AtomicBoolean inCache = new AtomicBoolean(true);
            final ActorRef<Report> reports = ctx.getSelf();
            ctx.spawn(thief(arena, page, inCache, reports), "thief").tell(Msg.STEAL);
            ctx.spawn(reader(arena, page, inCache, reports, spin), "reader").tell(Msg.READ);
            final String[] seen = new String[2];
            return Behaviors.receiveMessage(r -> {
                seen["thief".equals(r.who()) ? 0 : 1] = r.what();
                if (seen[0] == null || seen[1] == null) {
                    return Behaviors.same();
                }
                if (inCache.get()) {
                    arena.put(page);                       // not stolen: the cache drops its reference
                }
                final Set<Violation> v = EnumSet.noneOf(Violation.class);
                kernel.audit().counts().forEach((k, n) -> {
                    if (n > 0) {
                        v.add(k);
                    }
                });
                done.tell(new HuntOutcome("thief=" + seen[0] + " reader=" + seen[1], v, kernel.audit().events(),
                    java.util.List.of(), java.util.List.of()));
                return Behaviors.stopped();
            });
        });
    }

    private Behavior<Msg> thief(final PageArena arena, final long page, final AtomicBoolean inCache,
                                final ActorRef<Report> reports) {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
            if (m == Msg.STEAL) {
                if (safe) {
                    if (arena.freeze(page, 2)) {           // page_ref_freeze: the cache's and ours, atomically
                        inCache.set(false);
                        arena.unfreeze(page, 1);           // ours alone now
                        ctx.getSelf().tell(Msg.COMMIT);
                    } else {
                        return declined(arena, page, reports);
                    }
                } else if (arena.refCount(page) == 2) {    // the check ...
                    ctx.getSelf().tell(Msg.COMMIT);
                } else {
                    return declined(arena, page, reports);
                }
                return Behaviors.same();
            }
            if (!safe) {                                   // ... and, later, the act
                inCache.set(false);
                arena.put(page);                           // remove_mapping drops the cache's reference
                arena.claimExclusive(page);                // "only we hold it now": refcount must be 1
            }
            arena.write(page, 0, new byte[] {'S'}, 0, 1);  // the stealer reuses the page
            arena.put(page);
            reports.tell(new Report("thief", "stolen"));
            return Behaviors.stopped();
        }));
    }

    private static Behavior<Msg> declined(final PageArena arena, final long page, final ActorRef<Report> reports) {
        arena.put(page);
        reports.tell(new Report("thief", "declined"));
        return Behaviors.stopped();
    }

    private static Behavior<Msg> reader(final PageArena arena, final long page, final AtomicBoolean inCache,
                                        final ActorRef<Report> reports, final int spin) {
        return Behaviors.setup(ctx -> Behaviors.receiveMessage(m -> {
            if (m == Msg.READ) {
                for (int i = 0; i < spin; i++) {
                    Thread.onSpinWait();
                }
                if (inCache.get() && arena.tryGet(page)) { // find_get_page: get_page_unless_zero,
                    if (inCache.get()) {                   // then check the page is still in the cache
                        ctx.getSelf().tell(Msg.DONE);
                        return Behaviors.same();
                    }
                    arena.put(page);
                }
                reports.tell(new Report("reader", "missed"));
                return Behaviors.stopped();
            }
            arena.readByte(page, 0);
            arena.put(page);
            reports.tell(new Report("reader", "read"));
            return Behaviors.stopped();
        }));
    }
}
