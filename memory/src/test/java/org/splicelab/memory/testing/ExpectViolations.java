package org.splicelab.memory.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.splicelab.memory.Violation;

/** The violations a test provokes on purpose (and asserts itself); {@link ArenaCheck} allows only these. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ExpectViolations {
    Violation[] value();
}
