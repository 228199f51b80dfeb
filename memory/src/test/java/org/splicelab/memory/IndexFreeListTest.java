package org.splicelab.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class IndexFreeListTest {
    @Test
    void shouldHandOutAscendingThenLifo() {
        try (IndexFreeList list = new IndexFreeList(3)) {
            assertEquals(0, list.pop());
            assertEquals(1, list.pop());
            assertEquals(2, list.pop());
            assertEquals(IndexFreeList.EMPTY, list.pop());
            list.push(1);
            list.push(2);
            assertEquals(2, list.countFreeQuiescent());
            assertEquals(2, list.pop());
            assertEquals(1, list.pop());
            assertEquals(0, list.countFreeQuiescent());
        }
    }

    @Test
    void shouldRejectIndicesOutOfRange() {
        try (IndexFreeList list = new IndexFreeList(2)) {
            assertThrows(IndexOutOfBoundsException.class, () -> list.push(2));
            assertThrows(IndexOutOfBoundsException.class, () -> list.push(-1));
        }
        assertThrows(IllegalArgumentException.class, () -> new IndexFreeList(0));
    }
}
