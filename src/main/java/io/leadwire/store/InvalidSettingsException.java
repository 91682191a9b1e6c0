package io.leadwire.store;

import java.util.List;
import java.util.stream.Collectors;

/** A settings document or value that cannot be used, with every problem found in it. */
public final class InvalidSettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<SettingsProblem> problems;

    public InvalidSettingsException(String section, List<SettingsProblem> problems) {
        super("the " + section + " settings are not valid: "
                + problems.stream().map(SettingsProblem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<SettingsProblem> problems() {
        return problems;
    }
}
