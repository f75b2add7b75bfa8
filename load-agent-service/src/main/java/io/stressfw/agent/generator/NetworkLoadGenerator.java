package io.stressfw.agent.generator;

import io.stressfw.agent.scope.ScopeShare;
import io.stressfw.model.Checks;
import io.stressfw.model.GeneratorReading;
import io.stressfw.model.LoadLimits;
import io.stressfw.model.ResourceKind;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Network load: TCP bytes at {@code bandwidth_mbps x target x share} (token bucket) over a pool of connections to
 * targets that the agent's allowlist approved, spread over the targets; the rate each target (link) received over the
 * last second is reported. New targets take effect at once: connections to the old ones are closed. Bounded in time
 * and bytes per budget: the time its worker ran and the bytes it sent add up over every run (a stop and a restart
 * included) until {@link #rearm()}, which the controller calls only for a new cycle. Past either bound it stops by
 * itself, says why, and stays stopped until rearmed.
 */
public final class NetworkLoadGenerator implements LoadGenerator {
    /** Bytes per write: the most a bound can be overshot by. */
    public static final int WRITE_BYTES = 16 * 1024;
    private static final long MAX_PARK_NANOS = 100_000_000L;
    private static final int CONNECT_TIMEOUT_MS = 2000;

    private final LoadCap bandwidthCap;
    private final int poolSize;
    private final long maxRunMillis;
    private final long maxRunBytes;
    private final AtomicLong bytesSent = new AtomicLong();
    /** What the budget used so far: the worker's running time and the bytes it sent since the last rearm. */
    private final AtomicLong budgetNanos = new AtomicLong();
    private final AtomicLong budgetBytes = new AtomicLong();
    private final RateWindow rate = new RateWindow(1000);
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Map<Socket, String> socketTargets = new ConcurrentHashMap<>();
    private final Map<String, LinkCounter> links = new ConcurrentHashMap<>();
    private final ScopeShare share;
    private final Object lock = new Object();
    private volatile List<InetSocketAddress> targets;
    private volatile double targetPercent;
    private final WorkerSlot worker;
    private volatile String lastStopReason;
    private volatile boolean exhausted;

    private NetworkLoadGenerator(Builder builder) {
        this.targets = builder.targets;
        this.bandwidthCap = LoadCap.named("network_mbps", builder.bandwidthMbps).unit("mbps", "Mbps")
                .limitedBy(LoadLimits::networkMbps).build();
        this.poolSize = builder.poolSize;
        this.maxRunMillis = builder.maxRunMillis;
        this.maxRunBytes = builder.maxRunBytes;
        this.share = builder.share;
        this.worker = new WorkerSlot(builder.loadThreads, "agent-network", this::run);
    }

    /**
     * A generator sending to {@code targets} (already approved by the allowlist) with the agent's default bandwidth,
     * pool size and run bounds, alone in its scope; its worker is one of {@code loadThreads}.
     */
    public static Builder builder(LoadThreads loadThreads, List<InetSocketAddress> targets) {
        return new Builder(loadThreads, targets);
    }

    private static List<InetSocketAddress> checkTargets(List<InetSocketAddress> targets) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("the network generator needs at least one target");
        }
        return List.copyOf(targets);
    }

    @Override
    public ResourceKind kind() {
        return ResourceKind.NETWORK;
    }

    /**
     * Replaces the targets (already approved by the allowlist). When they differ from the current ones the open
     * connections are closed, so that the next writes go to the new targets.
     */
    public void useTargets(List<InetSocketAddress> approved) {
        List<InetSocketAddress> next = checkTargets(approved);
        if (!next.equals(targets)) {
            targets = next;
            links.keySet().retainAll(next.stream().map(NetworkLoadGenerator::name).toList());
            closeAll();
        }
    }

    /** Bytes per second each target received over the last second, as Mbps, by {@code host:port}. */
    public List<LinkReading> links() {
        long now = System.nanoTime();
        List<LinkReading> list = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            LinkCounter counter = links.get(name(target));
            double mbps = counter == null ? 0 : counter.rate.update(now, counter.bytes.get()) * 8 / 1e6;
            list.add(new LinkReading(name(target), mbps));
        }
        return list;
    }

    /** One target and what it received. */
    public record LinkReading(String target, double mbps) {
    }

    public List<InetSocketAddress> targets() {
        return targets;
    }

    @Override
    public double cap() {
        return bandwidthCap.effective();
    }

    @Override
    public double ownCap() {
        return share.share() * bandwidthCap.effective();
    }

    @Override
    public List<LoadCap> caps() {
        return List.of(bandwidthCap);
    }

    @Override
    public void setTarget(double percent) {
        Checks.between(percent, 0, 100, "target percent");
        synchronized (lock) {
            targetPercent = exhausted ? 0 : percent;
            if (targetPercent > 0 && !worker.running()) {
                lastStopReason = null;
                worker.start();
            }
        }
    }

    @Override
    public double targetPercent() {
        return targetPercent;
    }

    /** A new budget: the bounds count from zero again and a generator that reached one may run again. */
    public void rearm() {
        synchronized (lock) {
            budgetNanos.set(0);
            budgetBytes.set(0);
            exhausted = false;
        }
    }

    public boolean exhausted() {
        return exhausted;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public String lastStopReason() {
        return lastStopReason;
    }

    @Override
    public Map<String, String> notes() {
        String reason = lastStopReason;
        return reason == null ? Map.of() : Map.of("network", reason);
    }

    public int openConnections() {
        return sockets.size();
    }

    @Override
    public GeneratorReading reading() {
        double mbps = rate.update(System.nanoTime(), bytesSent.get()) * 8 / 1e6;
        // Against the agent's share of the scope's bandwidth: N agents each at their share read as the scope at target.
        double ownShare = ownCap();
        return new GeneratorReading(targetPercent, ownShare > 0 ? mbps / ownShare * 100 : 0, mbps, "mbps");
    }

    @Override
    public void stopNow() {
        synchronized (lock) {
            targetPercent = 0;
            worker.stop();
        }
        closeAll();
    }

    @Override
    public int activeThreads() {
        return worker.activeThreads();
    }

    @Override
    public HeldResources held() {
        return new HeldResources(activeThreads(), 0, openConnections(), 0);
    }

    private void run() {
        Thread self = Thread.currentThread();
        long last = System.nanoTime();
        byte[] payload = new byte[WRITE_BYTES];
        PacingBucket bucket = PacingBucket.forTakesOf(WRITE_BYTES, 0, 0.05, last);
        int next = 0;
        try {
            while (worker.owns(self)) {
                long now = System.nanoTime();
                long ranNanos = budgetNanos.addAndGet(now - last);
                last = now;
                if (ranNanos / 1_000_000L >= maxRunMillis) {
                    endRun(self, "network load reached its time bound of " + maxRunMillis + " ms for this cycle");
                    return;
                }
                if (budgetBytes.get() >= maxRunBytes) {
                    endRun(self, "network load reached its byte bound of " + maxRunBytes + " bytes for this cycle");
                    return;
                }
                double bytesPerSecond = ownCap() * targetPercent / 100 * 1e6 / 8;
                bucket.setRate(bytesPerSecond, now);
                if (bytesPerSecond <= 0 || !bucket.tryTake(WRITE_BYTES, now)) {
                    long wait = bytesPerSecond <= 0 ? MAX_PARK_NANOS : bucket.nanosUntil(WRITE_BYTES, now);
                    LockSupport.parkNanos(Math.min(MAX_PARK_NANOS, Math.max(50_000L, wait)));
                    continue;
                }
                Socket socket = connection(next++ % poolSize);
                if (socket == null) {
                    continue;
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(payload);
                    bytesSent.addAndGet(WRITE_BYTES);
                    String target = socketTargets.get(socket);
                    if (target != null) {
                        links.computeIfAbsent(target, t -> new LinkCounter()).bytes.addAndGet(WRITE_BYTES);
                    }
                    budgetBytes.addAndGet(WRITE_BYTES);
                } catch (IOException e) {
                    sockets.remove(socket);
                    socketTargets.remove(socket);
                    closeQuietly(socket);
                }
            }
        } finally {
            synchronized (lock) {
                worker.release(self);
            }
            if (worker.empty()) {
                closeAll();
            }
        }
    }

    private Socket connection(int slot) {
        List<Socket> open = sockets;
        if (slot < open.size()) {
            try {
                return open.get(slot);
            } catch (IndexOutOfBoundsException e) {
                // Closed by a retarget meanwhile: open a new one below.
            }
        }
        List<InetSocketAddress> current = targets;
        InetSocketAddress listed = current.get(sockets.size() % current.size());
        InetSocketAddress target = listed.isUnresolved()
                ? new InetSocketAddress(listed.getHostString(), listed.getPort()) : listed;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(target, CONNECT_TIMEOUT_MS);
            socketTargets.put(socket, name(listed));
            sockets.add(socket);
            return socket;
        } catch (IOException e) {
            closeQuietly(socket);
            lastStopReason = "cannot connect to " + target + ": " + e.getMessage();
            LockSupport.parkNanos(MAX_PARK_NANOS);
            return null;
        }
    }

    private void endRun(Thread self, String reason) {
        lastStopReason = reason;
        System.getLogger(NetworkLoadGenerator.class.getName()).log(System.Logger.Level.WARNING, reason);
        synchronized (lock) {
            if (worker.owns(self)) {
                exhausted = true;
                targetPercent = 0;
            }
        }
    }

    private void closeAll() {
        List<Socket> open = new ArrayList<>(sockets);
        sockets.clear();
        socketTargets.clear();
        open.forEach(NetworkLoadGenerator::closeQuietly);
    }

    private static String name(InetSocketAddress target) {
        String host = target.isUnresolved() ? target.getHostString() : target.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    /** Bytes one target received, and their rate. */
    private static final class LinkCounter {
        final AtomicLong bytes = new AtomicLong();
        final RateWindow rate = new RateWindow(1000);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already broken; nothing more to release.
        }
    }

    public static final class Builder {
        private final LoadThreads loadThreads;
        private final List<InetSocketAddress> targets;
        private double bandwidthMbps = 100;
        private int poolSize = 4;
        private long maxRunMillis = 3_600_000L;
        private long maxRunBytes = 102_400L * 1024 * 1024;
        private ScopeShare share = ScopeShare.ALONE;

        private Builder(LoadThreads loadThreads, List<InetSocketAddress> targets) {
            this.loadThreads = Checks.notNull(loadThreads, "load threads");
            this.targets = checkTargets(targets);
        }

        /** The bandwidth at 100% load; commands may only lower it. */
        public Builder bandwidthMbps(double bandwidthMbps) {
            this.bandwidthMbps = Checks.nonNegative(bandwidthMbps, "bandwidth_mbps");
            return this;
        }

        /** TCP connections the writes are spread over, 1 to 64. */
        public Builder poolSize(int poolSize) {
            Checks.between(poolSize, 1, 64, "connection_pool_size");
            this.poolSize = poolSize;
            return this;
        }

        /** The load ends by itself once its worker has run this long in all since the last rearm ... */
        public Builder maxRunMillis(long maxRunMillis) {
            Checks.positive(maxRunMillis, "network run time bound (ms)");
            this.maxRunMillis = maxRunMillis;
            return this;
        }

        /** ... or sent this many bytes. */
        public Builder maxRunBytes(long maxRunBytes) {
            Checks.positive(maxRunBytes, "network run byte bound");
            this.maxRunBytes = maxRunBytes;
            return this;
        }

        /** This agent's part of the scope; default: alone. */
        public Builder share(ScopeShare share) {
            this.share = Checks.notNull(share, "scope share");
            return this;
        }

        public NetworkLoadGenerator build() {
            return new NetworkLoadGenerator(this);
        }
    }
}
