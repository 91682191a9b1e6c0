package io.leadwire.ui.shell;

/** The screens the sidebar lists, in order. */
public enum Screen {
    LIVE_FEED("Live feed"),
    VENDORS("Vendors"),
    QUARANTINE("Quarantine");

    private final String title;

    Screen(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
