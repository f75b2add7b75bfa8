package io.stressfw.kafka;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LoopbackPortsTest {
    @Test
    void aFreePortIsBelowTheEphemeralRangeThatOutgoingConnectionsTakeTheirPortsFrom() {
        int ephemeralLow = LoopbackPorts.ephemeralLow();
        assumeTrue(ephemeralLow - LoopbackPorts.LOWEST >= 1_000, "no room below the ephemeral range here");
        for (int i = 0; i < 20; i++) {
            assertThat(LoopbackPorts.free()).isBetween(LoopbackPorts.LOWEST, ephemeralLow - 1);
        }
    }

    @Test
    void everyPortHandedOutIsNewAndCanBeBound() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            int port = LoopbackPorts.free();
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }
}
