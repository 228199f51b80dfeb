package org.splicelab.memory.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.splicelab.memory.PageArena;
import org.splicelab.memory.Violation;

/** The check of {@link ArenaCheck}. */
public final class ArenaCheckExtension implements AfterEachCallback {
    @Override
    public void afterEach(final ExtensionContext context) throws IllegalAccessException {
        final Set<Violation> expected = EnumSet.noneOf(Violation.class);
        context.getTestMethod().map(m -> m.getAnnotation(ExpectViolations.class))
            .ifPresent(e -> expected.addAll(List.of(e.value())));
        final Object test = context.getRequiredTestInstance();
        final List<String> problems = new ArrayList<>();
        for (Class<?> c = test.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (final Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                    continue;
                }
                final PageArena arena = arenaOf(f, test);
                if (arena == null) {
                    continue;
                }
                for (final Map.Entry<Violation, Long> e : arena.audit().counts().entrySet()) {
                    if (e.getValue() > 0 && !expected.contains(e.getKey())) {
                        problems.add(f.getName() + ": " + e.getValue() + " x " + e.getKey().id() + " "
                            + arena.audit().events());
                    }
                }
                if (!arena.isClosed() && arena.framesInUse() != 0) {
                    problems.add(f.getName() + ": " + arena.framesInUse() + " frames still in use after the test");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the test left its arena unclean: " + String.join("; ", problems));
        }
    }

    /** The field's arena: a PageArena, or an object whose public {@code arena()} returns one (a Kernel). */
    private static PageArena arenaOf(final Field f, final Object test) throws IllegalAccessException {
        if (PageArena.class.isAssignableFrom(f.getType())) {
            f.setAccessible(true);
            return (PageArena) f.get(test);
        }
        final java.lang.reflect.Method m;
        try {
            m = f.getType().getMethod("arena");
        } catch (NoSuchMethodException e) {
            return null;
        }
        if (!PageArena.class.isAssignableFrom(m.getReturnType())) {
            return null;
        }
        f.setAccessible(true);
        final Object holder = f.get(test);
        try {
            return holder == null ? null : (PageArena) m.invoke(holder);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new AssertionError("could not read " + f.getName() + ".arena()", e.getCause());
        }
    }
}
