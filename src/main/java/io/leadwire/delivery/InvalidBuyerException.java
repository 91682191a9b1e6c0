package io.leadwire.delivery;

import java.util.List;

/** A buyer file or definition that cannot be used; every problem names its key. */
public final class InvalidBuyerException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public InvalidBuyerException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
