package io.leadwire.ui.live;

/** An entry of the vendor filter: a vendor, or {@link #ALL}. */
public record VendorChoice(String vendorId, String label) {
    public static final VendorChoice ALL = new VendorChoice(null, "All vendors");

    @Override
    public String toString() {
        return label;
    }
}
