package io.leadwire.ui.shell;

/** The screens the sidebar lists, in order. */
public enum Screen {
    LIVE_FEED("Live feed"),
    QUARANTINE("Quarantine"),
    DEAD_LETTERS("Dead letters"),
    ALERTS("Alerts"),
    VENDORS("Vendors"),
    BUYERS("Buyers"),
    DASHBOARDS("Dashboards"),
    DESIGNER("Mappings"),
    SETTINGS("Settings");

    private final String title;

    Screen(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
