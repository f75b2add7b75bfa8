package io.stressfw.service;

import java.io.IOException;
import java.io.InputStream;

/**
 * Runs an action when a stream ends. A child process whose parent holds the other end of its standard input sees the
 * end of that stream when the parent dies, however it dies (SIGKILL, an OOM kill): the one signal a parent cannot
 * forget to send.
 */
public final class InputEndWatch {
    private InputEndWatch() {
    }

    /** Reads {@code in} on a daemon thread named {@code threadName} and runs {@code onEnd} once it ends or breaks. */
    public static Thread start(InputStream in, Runnable onEnd, String threadName) {
        Thread watcher = new Thread(() -> {
            byte[] discard = new byte[256];
            try (in) {
                while (in.read(discard) >= 0) {
                    // Whatever the parent writes means nothing; only the end of the stream does.
                }
            } catch (IOException ignored) {
                // A broken pipe means the parent is gone, exactly like an end of stream.
            }
            onEnd.run();
        }, threadName);
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
