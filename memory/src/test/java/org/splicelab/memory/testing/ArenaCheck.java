package org.splicelab.memory.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * After every test of the class, every {@link org.splicelab.memory.PageArena} in the test instance's
 * fields must have no violation in its audit and no frame in use (checked after the test's own
 * {@code @AfterEach}: an arena closed there has reported its leaks as {@code page-leak} into the audit).
 * A test that provokes violations on purpose names them with {@link ExpectViolations}; any other still
 * fails it. Tests share one rule instead of each tearing down (or forgetting to) in its own way.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(ArenaCheckExtension.class)
public @interface ArenaCheck {
}
