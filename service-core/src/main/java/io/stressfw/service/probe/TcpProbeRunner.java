package io.stressfw.service.probe;

import io.stressfw.model.TcpProbeSpec;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;

/** A {@link TcpProbeSpec}'s attempt: name lookup and connect within the timeout, then the socket is closed. */
public final class TcpProbeRunner implements ProbeRunner {
    private final TcpProbeSpec spec;
    private final Clock clock;

    public TcpProbeRunner(TcpProbeSpec spec, Clock clock) {
        this.spec = spec;
        this.clock = clock;
    }

    @Override
    public ProbeAttempt attempt() {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress(spec.host(), spec.port());
            if (address.isUnresolved()) {
                return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), "unknown host " + spec.host());
            }
            socket.connect(address, (int) spec.settings().timeout().toMillis());
            return ProbeAttempt.ok(clock.millis(), Elapsed.since(start));
        } catch (SocketTimeoutException e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), "connect timed out after "
                    + spec.settings().timeout().toMillis() + " ms");
        } catch (Exception e) {
            return ProbeAttempt.failed(clock.millis(), Elapsed.since(start), Elapsed.describe(e));
        }
    }
}
