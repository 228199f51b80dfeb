package org.splicelab.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.BuiltInScenarios;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code splicelab list}: built-in scenarios and kernel models, one line each. */
@Command(name = "list", mixinStandardHelpOptions = true, versionProvider = SplicelabCommand.Version.class, description = "Lists the built-in scenarios and the kernel models.")
public final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        out.println("Scenarios (./splicelab run NAME; the first is the default):");
        for (final String name : BuiltInScenarios.NAMES) {
            out.printf("  %-20s %s%n", name, BuiltInScenarios.question(name));
        }
        out.println();
        out.println("Models (--model NAME):");
        for (final KernelModel m : KernelModel.values()) {
            out.printf("  %-20s %s%n", m.id(), m.description());
        }
        out.flush();
        return SplicelabCommand.EXIT_OK;
    }
}
