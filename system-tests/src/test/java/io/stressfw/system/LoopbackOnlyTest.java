package io.stressfw.system;

import io.stressfw.launcher.LocalStack;
import io.stressfw.launcher.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Issue 18, hole 3 on real processes: the run that {@code ./stress up} starts (here the shared system stack) is
 * reachable on 127.0.0.1 only. On main every service listened on every interface with access control off, so
 * anyone on the network could start a cycle. A web page that rebinds its own name to 127.0.0.1 is refused too.
 */
class LoopbackOnlyTest {
    @Test
    void noServiceAndNotTheBrokerAnswerOnANetworkAddressOfThisMachine() {
        Optional<InetAddress> network = networkAddress();
        assumeThat(network).as("this machine has no network address besides loopback").isPresent();
        LocalStack stack = SystemStack.get();
        List<Integer> ports = new ArrayList<>(stack.services().stream().map(ServiceProcess::port).toList());
        stack.broker().ifPresent(broker -> ports.add(broker.port()));
        for (int port : ports) {
            assertThat(connects(InetAddress.getLoopbackAddress(), port)).as("127.0.0.1:%d", port).isTrue();
            assertThat(connects(network.get(), port)).as("%s:%d", network.get().getHostAddress(), port).isFalse();
        }
    }

    @Test
    void aRequestAddressedToAnotherHostNameIsRefused() throws Exception {
        ServiceProcess orchestrator = SystemStack.get().service(LocalStack.ORCHESTRATOR);
        assertThat(status(orchestrator.port(), "attacker.example:" + orchestrator.port())).isEqualTo(403);
        assertThat(status(orchestrator.port(), "localhost:" + orchestrator.port())).isEqualTo(200);
    }

    private static int status(int port, String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /status HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2_000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static Optional<InetAddress> networkAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return Optional.of(address);
                    }
                }
            }
        } catch (java.net.SocketException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
