package io.stressfw.system;

import java.time.Duration;
import java.util.Locale;

/** What two network hosts' veths carried over a window, in Mbps: each host's sent and received bytes. */
record VethRates(double seconds, double aSends, double aReceives, double bSends, double bReceives) {
    static VethRates measure(NetworkHosts.NetworkHost a, NetworkHosts.NetworkHost b, Duration window)
            throws InterruptedException {
        long[] a0 = a.bytes();
        long[] b0 = b.bytes();
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        long[] a1 = a.bytes();
        long[] b1 = b.bytes();
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new VethRates(seconds, mbps(a1[0] - a0[0], seconds), mbps(a1[1] - a0[1], seconds),
                mbps(b1[0] - b0[0], seconds), mbps(b1[1] - b0[1], seconds));
    }

    double[] all() {
        return new double[]{aSends, aReceives, bSends, bReceives};
    }

    private static double mbps(long bytes, double seconds) {
        return bytes * 8 / seconds / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "over %.1f s: A sends %.2f, receives %.2f; B sends %.2f, receives %.2f",
                seconds, aSends, aReceives, bSends, bReceives);
    }
}
