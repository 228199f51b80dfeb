package org.splicelab.actors;

import org.splicelab.memory.testing.ArenaCheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.splicelab.memory.LookupStats;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.PageAudit;
import org.splicelab.memory.PageCache;
import org.splicelab.memory.PageFlags;
import org.splicelab.memory.StealOutcome;
import org.splicelab.memory.Violation;
import org.splicelab.protocols.KernelModel;
import org.splicelab.protocols.OpsKind;
import org.splicelab.protocols.SpliceFlag;

/** Every model's answers to the decision points (ARCHITECTURE.md's table), without Akka. */
@ArenaCheck
class KernelPolicyTest {
    private static KernelPolicy policy(final KernelModel m) {
        return KernelPolicy.of(m, Kernel.Options.DEFAULT);
    }

    @Test
    void shouldAnswerTheTableForEveryModel() {
        for (final KernelModel m : KernelModel.values()) {
            final KernelPolicy p = policy(m);
            assertEquals(m, p.model());
            final boolean privatePages = m.base() == KernelModel.PRIVATE_PAGES;
            assertEquals(privatePages ? KernelPolicy.FilePiece.STEAL_OR_COPY : KernelPolicy.FilePiece.REFERENCE,
                p.filePiece(0), m.id());
            assertEquals(privatePages, p.duplicatesByCopy(), m.id());
            assertEquals(privatePages, p.sendfileBypassesPipe(), m.id());
            assertEquals(m == KernelModel.COPY, p.splicesByCopy(), m.id());
            assertEquals(privatePages ? KernelPolicy.Vmsplice.STEAL_GIFTS_ELSE_COPY
                : m == KernelModel.COPY ? KernelPolicy.Vmsplice.BLOCKING_WRITE : KernelPolicy.Vmsplice.REFERENCES,
                p.vmsplice(), m.id());
            assertEquals(m != KernelModel.DIRTY_PIPE, p.initialisesFlags(OpsKind.PAGE_CACHE), m.id());
            assertTrue(p.initialisesFlags(OpsKind.ANON), m.id());
            assertEquals(m == KernelModel.ITER_PIPE ? KernelPolicy.SpliceReadPath.ITER_PIPE
                : m == KernelModel.ITER_PIPE_SEEKABLE ? KernelPolicy.SpliceReadPath.ITER_PIPE_SEEKABLE
                : KernelPolicy.SpliceReadPath.DIRECT, p.spliceReadPath(), m.id());
        }
    }

    @Test
    void shouldStealOnlyUnderMoveWhenAskedTo() {
        final KernelPolicy p = KernelPolicy.of(KernelModel.PRIVATE_PAGES, new Kernel.Options(true));
        assertEquals(KernelPolicy.FilePiece.COPY, p.filePiece(0));
        assertEquals(KernelPolicy.FilePiece.STEAL_OR_COPY, p.filePiece(SpliceFlag.MOVE.bit()));
    }

    @Test
    void shouldStealByFreezeOrByCheckThenRemoveAndLookUpWithOrWithoutTheRecheck() {
        final EnumSet<KernelModel> checked = EnumSet.noneOf(KernelModel.class);
        for (final KernelModel m : new KernelModel[] {KernelModel.PRIVATE_PAGES, KernelModel.PRIVATE_PAGES_RACY}) {
            final PageAudit audit = new PageAudit();
            try (PageArena arena = new PageArena(8, audit)) {
                final PageCache cache = new PageCache(arena, arena.indexPool(), 3);
                final long ref = arena.alloc();
                arena.setFlags(ref, PageFlags.UPTODATE);
                cache.insert(0, ref);
                final LookupStats stats = new LookupStats();
                final long mine = policy(m).lookup(cache, 0, stats);
                final long reader = cache.lookup(0, stats);   // a concurrent reader holds it
                final StealOutcome o = policy(m).steal(cache, 0, mine);
                if (m == KernelModel.PRIVATE_PAGES) {
                    assertEquals(StealOutcome.SHARED, o, "the freeze sees the reader");
                    assertEquals(0, audit.total());
                } else {
                    assertEquals(StealOutcome.SHARED, o, "the check sees it too when the reader came first");
                }
                arena.put(reader);
                assertEquals(StealOutcome.STOLEN, policy(m).steal(cache, 0, mine));
                assertEquals(0, audit.count(Violation.STOLEN_WHILE_SHARED));
                arena.put(mine);
                cache.destroyQuiescent();
                checked.add(m);
            }
        }
        assertEquals(2, checked.size());
    }
}
