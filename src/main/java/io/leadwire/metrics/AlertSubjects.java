package io.leadwire.metrics;

import java.time.Duration;
import java.util.List;

/** Who the alert rules watch: the buyers (with what their rules need to know) and the vendors. */
public interface AlertSubjects {
    /**
     * @param enabled     whether the buyer takes leads (rules about missing sales skip the others)
     * @param callTimeout the buyer's whole-call timeout, the yardstick of the latency rule
     */
    record BuyerInfo(String id, String name, boolean enabled, Duration callTimeout) {
    }

    record VendorInfo(String id, String name) {
    }

    List<BuyerInfo> buyers();

    List<VendorInfo> vendors();
}
