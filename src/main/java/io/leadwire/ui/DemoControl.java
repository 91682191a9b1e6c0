package io.leadwire.ui;

/** The console's handle on the demo's simulated vendor. */
public interface DemoControl {
    /** Leads per second the simulated vendor posts. */
    double rate();

    /** Sets the rate; 0 pauses the simulated vendor. */
    void setRate(double leadsPerSecond);
}
