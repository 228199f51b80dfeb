package org.splicelab.cli;

import org.splicelab.protocols.KernelModel;
import org.splicelab.scenario.ScenarioException;
import picocli.CommandLine.Option;

/** {@code --model M}, shared by run, hunt and litmus: a kernel model that overrides the target's. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "M",
        description = "kernel model (default: the scenario's or litmus file's `model`, else linux)")
    private String model;

    /** Whether {@code --model} was given. */
    boolean given() {
        return model != null;
    }

    /** The model named by {@code --model}, else {@code fallback}; a name no model has throws {@link ScenarioException}. */
    KernelModel orElse(final KernelModel fallback) {
        return model == null ? fallback : parse(model, "--model");
    }

    /** The model named {@code id}; {@code option} names where it came from in the error. */
    static KernelModel parse(final String id, final String option) {
        try {
            return KernelModel.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(option + ": " + e.getMessage());
        }
    }
}
