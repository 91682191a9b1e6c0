package io.leadwire.ui.vendors;

/** A key just issued, to be shown once: for whom, the key, and where to post with it. */
public record NewApiKey(String vendorName, String apiKey, String intakeUrl, boolean rotated) {
}
