package org.splicelab.mutation;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.splicelab.memory.Mutant;

/**
 * Runs chosen default-suite tests in this JVM (started by {@link ConcurrencyMutantsTest} with one
 * {@link Mutant} on) and prints one line per test: {@code CAUGHT <test> :: <why>} for a test that
 * failed, {@code PASSED <test>} for one that did not. Arguments: {@code Class} or {@code Class#method}.
 * The tags the default suite excludes (slow, soak, mutation) are excluded here too.
 */
public final class MutantProbe {
    private MutantProbe() {
    }

    public static void main(final String[] args) {
        final PrintStream out = System.out;
        final List<DiscoverySelector> selectors = new ArrayList<>();
        for (final String a : args) {
            selectors.add(a.contains("#") ? selectMethod(a) : selectClass(a));
        }
        final LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
            .filters(TagFilter.excludeTags("slow", "soak", "mutation")).build();
        final Launcher launcher = LauncherFactory.create();
        final List<String> lines = new ArrayList<>();
        launcher.execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(final TestIdentifier id, final TestExecutionResult r) {
                if (!id.isTest() && r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    return;
                }
                final String name = id.getUniqueId().replaceAll("\\[engine:[^]]*]/", "")
                    .replaceAll("\\[(class|method|test-template|test-template-invocation|test-factory|dynamic-test):", "")
                    .replace("]", "").replace("/", " ");
                if (r.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    lines.add("PASSED " + name);
                } else {
                    final String why = r.getThrowable().map(t -> t.getClass().getSimpleName() + ": "
                        + String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse("");
                    lines.add("CAUGHT " + name + " :: " + (why.length() > 300 ? why.substring(0, 300) + "..." : why));
                }
            }
        });
        out.println("mutant " + Mutant.active());
        lines.forEach(out::println);
        out.flush();
        System.exit(0);
    }
}
