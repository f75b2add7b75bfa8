package io.stressfw.agent.generator;

import java.util.concurrent.locks.LockSupport;

/**
 * The single worker thread of the memory, I/O or network generator. A stop detaches the worker rather than joining
 * it: the worker's loop runs only while it {@link #owns} the slot, so a detached worker exits after its current step
 * (its parks are at most 100 ms, and a stop wakes it), and a new one may start meanwhile. The generator holds its own
 * lock around start, stop and release, so that they and its target change together.
 */
final class WorkerSlot {
    private final LoadThreads threads;
    private final String name;
    private final Runnable body;
    private volatile Thread thread;

    WorkerSlot(LoadThreads threads, String name, Runnable body) {
        this.threads = threads;
        this.name = name;
        this.body = body;
    }

    /** Whether a worker is attached and alive. */
    boolean running() {
        Thread t = thread;
        return t != null && t.isAlive();
    }

    /** Starts a new worker in the slot; a detached one still finishing its last step no longer counts. */
    void start() {
        Thread t = threads.newThread(name, body);
        thread = t;
        t.start();
    }

    /** Detaches the worker and wakes it, so that it sees the stop at once. */
    void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** A worker ending by itself gives the slot up; false when it had already been detached. */
    boolean release(Thread self) {
        if (thread != self) {
            return false;
        }
        thread = null;
        return true;
    }

    boolean owns(Thread candidate) {
        return thread == candidate;
    }

    boolean empty() {
        return thread == null;
    }

    /** Wakes a parked worker so that it sees a new target now rather than after its park. */
    void wake() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    int activeThreads() {
        return running() ? 1 : 0;
    }
}
