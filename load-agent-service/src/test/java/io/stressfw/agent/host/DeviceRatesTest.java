package io.stressfw.agent.host;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DeviceRatesTest {
    private static final long MS = 1_000_000L;
    private final AtomicReference<BlockDevice.DiskCounters> counters =
            new AtomicReference<>(new BlockDevice.DiskCounters(0, 0, 0, 0, 0));
    private final DeviceRates rates = new DeviceRates("vda", counters::get, 1000);

    @Test
    void ratesArePerSecondOverTheWindow() {
        assertThat(rates.update(0)).isNull();
        counters.set(new BlockDevice.DiskCounters(50, 50 * 4096, 20, 20 * 4096, 100));

        DeviceRates.Reading reading = rates.update(500 * MS);

        assertThat(reading.device()).isEqualTo("vda");
        assertThat(reading.readOps()).isCloseTo(100, within(1e-9));
        assertThat(reading.writeOps()).isCloseTo(40, within(1e-9));
        assertThat(reading.ops()).isCloseTo(140, within(1e-9));
        assertThat(reading.readBytes()).isCloseTo(100 * 4096, within(1e-6));
        assertThat(reading.busyPercent()).as("100 ms busy in 500 ms").isCloseTo(20, within(1e-9));
    }

    @Test
    void oldPointsLeaveTheWindow() {
        rates.update(0);
        counters.set(new BlockDevice.DiskCounters(1000, 0, 0, 0, 0));
        rates.update(200 * MS);
        counters.set(new BlockDevice.DiskCounters(1000, 0, 0, 0, 0));
        rates.update(1300 * MS);
        counters.set(new BlockDevice.DiskCounters(1100, 0, 0, 0, 0));

        DeviceRates.Reading reading = rates.update(2200 * MS);

        // The burst of the first 200 ms fell out of the window: 100 reads between the points at 1.3 s and 2.2 s.
        assertThat(reading.readOps()).isCloseTo(100 / 0.9, within(1e-6));
    }

    @Test
    void aDeviceThatIsGoneReadsAsNothing() {
        rates.update(0);
        counters.set(null);
        assertThat(rates.update(100 * MS)).isNull();
    }
}
