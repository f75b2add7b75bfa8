package io.stressfw.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class InputEndWatchTest {

    @Test
    void actsOnlyOnceTheOtherEndIsClosedWhateverWasWrittenBefore() throws Exception {
        PipedOutputStream parent = new PipedOutputStream();
        PipedInputStream child = new PipedInputStream(parent);
        CountDownLatch ended = new CountDownLatch(1);

        Thread watcher = InputEndWatch.start(child, ended::countDown, "test-watch");
        parent.write("anything at all\n".getBytes());
        parent.flush();

        assertThat(ended.await(300, TimeUnit.MILLISECONDS)).as("still open: no action").isFalse();
        assertThat(watcher.isDaemon()).isTrue();
        parent.close();
        assertThat(ended.await(10, TimeUnit.SECONDS)).as("closed: the action ran").isTrue();
    }

    @Test
    void aBrokenStreamCountsAsAnEnd() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        java.io.InputStream broken = new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Broken pipe");
            }
        };

        InputEndWatch.start(broken, ended::countDown, "test-watch");

        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theChildOfADeadParentProcessSeesTheEnd() throws Exception {
        // A real parent process: `sleep` holds the write end of a pipe that is the child's standard input, as the launcher
        // holds each service's. Killing the parent ends the child's input.
        Process parent = new ProcessBuilder("sh", "-c", "exec sleep 60").start();
        CountDownLatch ended = new CountDownLatch(1);
        InputEndWatch.start(parent.getInputStream(), ended::countDown, "test-watch");

        assertThat(ended.await(300, TimeUnit.MILLISECONDS)).isFalse();
        parent.destroyForcibly();
        assertThat(ended.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
