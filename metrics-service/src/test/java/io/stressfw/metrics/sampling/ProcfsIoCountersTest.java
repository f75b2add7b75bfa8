package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ProcfsIoCountersTest {

    private static byte[][] disks(String... names) {
        return Arrays.stream(names).map(ProcfsIoCounters::ascii).toArray(byte[][]::new);
    }

    @Test
    void sumsTheWholeDisksOfDiskstatsInOpsAndBytes() {
        String text = """
                   7       0 loop0 9 0 99 0 0 0 0 0 0 0 0 0 0 0 0 0 0
                 253       0 vda 1000 10 20000 300 500 20 8000 100 0 400 400 0 0 0 0 0 0
                 253       1 vda1 900 10 19000 300 400 20 7000 100 0 400 400 0 0 0 0 0 0
                 259       0 nvme0n1 10 0 16 1 5 0 8 1 0 2 2
                """;
        long[] c = ProcfsIoCounters.parseDiskstats(ProcfsText.of(text), disks("vda", "nvme0n1"));
        assertThat(c).containsExactly(1010, 505, (20000 + 16) * 512L, (8000 + 8) * 512L);
    }

    @Test
    void noKnownDiskMeansUnavailable() {
        assertThat(ProcfsIoCounters.parseDiskstats(ProcfsText.of("  7 0 loop0 1 0 1 0 0 0 0 0 0 0 0"), disks("vda")))
                .containsExactly(-1, -1, -1, -1);
    }

    @Test
    void sumsEveryInterfaceButLoopbackFromNetDev() {
        String text = """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo:  120704     825    0    0    0     0          0         0   120704     825    0    0    0     0       0          0
                  eth0: 331091619   10404    0    0    0     0          0         0  1298496    8340    0    0    0     0       0          0
                  eth1:1000   1    0    0    0     0          0         0  2000    1    0    0    0     0       0          0
                """;
        assertThat(ProcfsIoCounters.parseNetDev(ProcfsText.of(text))).containsExactly(331092619L, 1300496L);
    }
}
