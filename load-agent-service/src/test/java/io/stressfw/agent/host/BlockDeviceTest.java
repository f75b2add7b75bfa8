package io.stressfw.agent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BlockDeviceTest {
    @TempDir
    Path dir;

    @Test
    void aDeviceNumberSplitsIntoMajorAndMinorAsGlibcDoes() {
        assertThat(BlockDevice.major(0xfe00)).isEqualTo(254);
        assertThat(BlockDevice.minor(0xfe00)).isZero();
        // 259:65536 (an NVMe partition with a large minor): the high bits of the minor live above bit 20.
        long dev = (259L << 8) | (65536L & 0xff) | ((65536L & ~0xffL) << 12);
        assertThat(BlockDevice.major(dev)).isEqualTo(259);
        assertThat(BlockDevice.minor(dev)).isEqualTo(65536);
    }

    @Test
    void readsTheDevicesCountersFromDiskstats() throws IOException {
        Path diskstats = Files.writeString(dir.resolve("diskstats"), """
                   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                 254       0 vda 92718 9298 5042602 56101 99537 54754 6305104 49010 0 30080 118232 38345 57 2550496 5298 29166 7822
                 254       1 vda1 100 0 800 10 200 0 1600 20 0 50 30
                """);

        BlockDevice.Found found = BlockDevice.find(254, 0, diskstats);

        assertThat(found.present()).isTrue();
        assertThat(found.device().name()).isEqualTo("vda");
        assertThat(found.device().read()).isEqualTo(new BlockDevice.DiskCounters(92718, 5042602L * 512, 99537,
                6305104L * 512, 30080));
        assertThat(BlockDevice.find(254, 1, diskstats).device().read().reads()).isEqualTo(100);
        assertThat(BlockDevice.find(8, 0, diskstats).present()).isFalse();
        assertThat(BlockDevice.find(8, 0, diskstats).reason()).contains("8:0");
    }

    @Test
    void aDirectoryEitherHasADeviceOrAReasonWhyNot() {
        BlockDevice.Found found = BlockDevice.under(dir);
        assertThat(found.present() ? found.device().name() : found.reason()).isNotBlank();
    }
}
