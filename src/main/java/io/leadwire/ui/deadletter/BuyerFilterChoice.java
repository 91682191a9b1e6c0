package io.leadwire.ui.deadletter;

/** An entry of the "last buyer" filter: a buyer, or {@link #ALL}. */
public record BuyerFilterChoice(String buyerId, String label) {
    public static final BuyerFilterChoice ALL = new BuyerFilterChoice(null, "All buyers");

    @Override
    public String toString() {
        return label;
    }
}
