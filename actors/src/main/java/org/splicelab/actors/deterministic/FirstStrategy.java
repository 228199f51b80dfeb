package org.splicelab.actors.deterministic;

import java.util.List;

/** Always option 0: the actor (or sender) first in path order. */
enum FirstStrategy implements Strategy {
    INSTANCE;

    @Override
    public int choose(final Decision.Kind kind, final List<String> options) {
        return 0;
    }

    @Override
    public String describe() {
        return "first";
    }
}
