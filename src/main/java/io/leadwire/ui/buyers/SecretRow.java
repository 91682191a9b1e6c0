package io.leadwire.ui.buyers;

/**
 * One secret a buyer uses or has: its name and whether a value is stored. The value itself never
 * leaves the engine; the console only ever shows a mask.
 *
 * @param stored whether a value is stored (sealed)
 * @param needed whether the buyer's settings or mapping name it
 */
public record SecretRow(String name, boolean stored, boolean needed) {
    public static final String MASK = "••••••••";

    public String valueText() {
        return stored ? MASK : "—";
    }

    public String stateText() {
        if (!stored) {
            return "missing: deliveries wait for it";
        }
        return needed ? "stored" : "stored, not used";
    }
}
