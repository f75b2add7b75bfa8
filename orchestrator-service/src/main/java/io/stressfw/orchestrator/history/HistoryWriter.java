package io.stressfw.orchestrator.history;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes and deletes reports on a thread of its own, so that whoever saves (the cycle engine, under its lock) never
 * waits for the disk. Only the newest JSON of a cycle is kept until written: saves that arrive while the disk is slow
 * replace each other. A write that fails stays pending and is tried again after a back-off (100 ms doubling to 5 s);
 * nothing is dropped until it is written or its cycle leaves the history. {@link #close} writes what is left.
 */
final class HistoryWriter {
    private static final Logger LOG = Logger.getLogger(HistoryWriter.class);
    static final long FIRST_BACKOFF_MS = 100;
    static final long MAX_BACKOFF_MS = 5_000;

    private final CycleHistoryStore store;
    private final Object lock = new Object();
    private final Map<String, byte[]> writes = new LinkedHashMap<>();
    private final Set<String> deletes = new LinkedHashSet<>();
    /** One thread at most, which ends when idle: a history nobody saves to holds no thread. */
    private final ThreadPoolExecutor thread = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
            r -> {
                Thread t = new Thread(r, "cycle-history-writer");
                t.setDaemon(true);
                return t;
            });
    private boolean draining;
    private boolean closed;
    private long failures;

    HistoryWriter(CycleHistoryStore store) {
        this.store = store;
        thread.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code json} as the cycle's report, replacing any version not yet written. */
    void write(String cycleId, byte[] json) {
        synchronized (lock) {
            deletes.remove(cycleId);
            writes.put(cycleId, json);
            startDraining();
        }
    }

    void delete(String cycleId) {
        synchronized (lock) {
            writes.remove(cycleId);
            deletes.add(cycleId);
            startDraining();
        }
    }

    /** The cycle's JSON not yet written, if any: the newest there is. */
    Optional<byte[]> pending(String cycleId) {
        synchronized (lock) {
            return Optional.ofNullable(writes.get(cycleId));
        }
    }

    /** How many writes failed so far (the disk refused them; they were retried). */
    long failures() {
        synchronized (lock) {
            return failures;
        }
    }

    /** Stops the thread, then writes and deletes what is left, once each, on the caller's thread. */
    void close() {
        synchronized (lock) {
            closed = true;
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job job;
        while ((job = next()) != null) {
            if (!run(job)) {
                synchronized (lock) {
                    job.forget(this);
                }
            }
        }
    }

    private void startDraining() {
        if (!draining && !closed) {
            draining = true;
            thread.execute(this::drain);
        }
    }

    private void drain() {
        long backoff = FIRST_BACKOFF_MS;
        while (!Thread.currentThread().isInterrupted()) {
            Job job;
            synchronized (lock) {
                job = next();
                if (job == null || closed) {
                    draining = false;
                    return;
                }
            }
            if (run(job)) {
                backoff = FIRST_BACKOFF_MS;
            } else {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
        synchronized (lock) {
            draining = false;
        }
    }

    private Job next() {
        synchronized (lock) {
            Iterator<Map.Entry<String, byte[]>> write = writes.entrySet().iterator();
            if (write.hasNext()) {
                Map.Entry<String, byte[]> e = write.next();
                return new Job(e.getKey(), e.getValue());
            }
            Iterator<String> delete = deletes.iterator();
            return delete.hasNext() ? new Job(delete.next(), null) : null;
        }
    }

    /** True when done (or nothing is left to do); false when the store refused it and it stays pending. */
    private boolean run(Job job) {
        try {
            if (job.json == null) {
                store.delete(job.cycleId);
            } else {
                store.write(job.cycleId, job.json);
            }
        } catch (IOException | RuntimeException e) {
            long failed;
            synchronized (lock) {
                failed = ++failures;
            }
            LOG.logf(failed == 1 || failed % 100 == 0 ? Logger.Level.ERROR : Logger.Level.DEBUG,
                    "Cannot %s the report of cycle %s (%d failures so far; retrying): %s",
                    job.json == null ? "delete" : "write", job.cycleId, failed, e.getMessage());
            return false;
        }
        synchronized (lock) {
            job.forget(this);
        }
        return true;
    }

    /** A write (json) or a delete (json null) of one cycle's report. */
    private record Job(String cycleId, byte[] json) {
        /** Done: unless a newer version of the cycle arrived meanwhile, it leaves the queue. Call under the lock. */
        void forget(HistoryWriter writer) {
            if (json == null) {
                writer.deletes.remove(cycleId);
            } else if (writer.writes.get(cycleId) == json) {
                writer.writes.remove(cycleId);
            }
        }
    }
}
