package io.leadwire.app;

/** Exit codes of the {@code leadwire} command. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    /** Data dir held by another engine. */
    static final int BUSY = 3;
    /** Internal: the command started a long-running service; main must not exit. */
    static final int KEEP_RUNNING = -1;

    private ExitCodes() {
    }
}
