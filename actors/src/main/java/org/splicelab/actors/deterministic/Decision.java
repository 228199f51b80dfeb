package org.splicelab.actors.deterministic;

/**
 * One scheduling choice: its {@link Kind}, the option taken (0-based, options ordered by actor path)
 * and how many there were. Written as {@code a1/3} (kind letter, chosen, options) in replay files.
 */
public record Decision(Kind kind, int chosen, int options) {
    /** What was chosen. */
    public enum Kind {
        /** Which ready actor (or task) runs the next step. */
        ACTOR('a'),
        /** Which sender's oldest message an actor takes next (one FIFO per sender). */
        MESSAGE('m'),
        /** Which process request reaches its object next (syscall-level exploration). */
        PROCESS_STEP('p'),
        /**
         * With memory points ({@link RunOptions#memoryPoints()}): which step runs next while a step is
         * suspended at a memory-level point: it goes on, another suspended step resumes, or a ready actor
         * starts one. At a point the suspended step is option 0, so the first option everywhere is the
         * schedule without memory-level preemption.
         */
        MEMORY('x');

        private final char letter;

        Kind(final char letter) {
            this.letter = letter;
        }

        public char letter() {
            return letter;
        }

        static Kind of(final char letter) {
            for (final Kind k : values()) {
                if (k.letter == letter) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown decision kind '" + letter + "' (expected a, m, p or x)");
        }
    }

    public Decision {
        if (options < 1 || chosen < 0 || chosen >= options) {
            throw new IllegalArgumentException("decision " + chosen + "/" + options + " is out of range");
        }
    }

    /** Parses {@code a1/3}. */
    public static Decision parse(final String text) {
        final String t = text.strip();
        final int slash = t.indexOf('/');
        if (t.length() < 4 || slash < 2) {
            throw new IllegalArgumentException("decision '" + text + "' is not of the form a1/3");
        }
        try {
            return new Decision(Kind.of(t.charAt(0)), Integer.parseInt(t.substring(1, slash)),
                Integer.parseInt(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("decision '" + text + "' is not of the form a1/3", e);
        }
    }

    @Override
    public String toString() {
        return "" + kind.letter + chosen + "/" + options;
    }
}
