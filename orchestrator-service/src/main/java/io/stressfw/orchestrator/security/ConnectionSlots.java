package io.stressfw.orchestrator.security;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Caps concurrent WebSocket connections exactly, even when upgrades race: an accepted upgrade holds a reservation
 * until its connection is reported open or shows up among the open ones (or the handshake window passes, for an
 * upgrade that failed after it was accepted), so open + reserved never exceeds the cap.
 */
public final class ConnectionSlots {
    private final int max;
    private final long handshakeWindowNanos;
    private final Map<String, Long> reservations = new LinkedHashMap<>();

    public ConnectionSlots(int max, Duration handshakeWindow) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be at least 1, was " + max);
        }
        if (handshakeWindow == null || handshakeWindow.isNegative() || handshakeWindow.isZero()) {
            throw new IllegalArgumentException("handshake window must be positive, was " + handshakeWindow);
        }
        this.max = max;
        this.handshakeWindowNanos = handshakeWindow.toNanos();
    }

    /**
     * @param reservationId   a fresh id the accepted connection will carry
     * @param openCount       connections open now
     * @param openReservation reservation ids carried by the connections open now
     * @return whether the upgrade may proceed (the reservation is then held)
     */
    public synchronized boolean tryReserve(String reservationId, int openCount, Set<String> openReservation, long nowNanos) {
        if (reservationId == null || openCount < 0 || openReservation == null) {
            throw new IllegalArgumentException("reservation id, open count (>= 0) and open reservations are required");
        }
        for (Iterator<Map.Entry<String, Long>> it = reservations.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> r = it.next();
            if (openReservation.contains(r.getKey()) || nowNanos - r.getValue() > handshakeWindowNanos) {
                it.remove();
            }
        }
        if (openCount + reservations.size() >= max) {
            return false;
        }
        reservations.put(reservationId, nowNanos);
        return true;
    }

    /** The reserved upgrade became a connection (which the open count now holds, or held until it closed). */
    public synchronized void opened(String reservationId) {
        if (reservationId != null) {
            reservations.remove(reservationId);
        }
    }

    public synchronized int pending() {
        return reservations.size();
    }

    public int max() {
        return max;
    }
}
