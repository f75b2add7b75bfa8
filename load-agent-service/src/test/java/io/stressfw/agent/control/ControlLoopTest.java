package io.stressfw.agent.control;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's own bookkeeping on a real scheduler, with the thread that starts it held up where a busy host can. */
class ControlLoopTest {
    private final AtomicInteger ticks = new AtomicInteger();
    private ControlLoop loop;

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void aFirstTickThatRunsBeforeStartReturnsLeavesTheLoopLive() throws Exception {
        // The starting thread gets back from schedule() only once the first tick has run and scheduled the next one.
        ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1) {
            private final AtomicInteger calls = new AtomicInteger();

            @Override
            public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
                ScheduledFuture<?> future = super.schedule(command, delay, unit);
                if (calls.incrementAndGet() == 1) {
                    try {
                        future.get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError("the first tick did not run", e);
                    }
                }
                return future;
            }
        };
        loop = new ControlLoop(ticker, "loop-race", AgentClock.system(), Duration.ofSeconds(1), ticks::incrementAndGet,
                () -> false, e -> { }, stall -> { });

        loop.start();

        assertThat(ticks.get()).as("the first tick ran (later ones may have too, on a slow host)").isPositive();
        assertThat(loop.live()).as("live right after start, with the first tick done and the next one due").isTrue();
        assertThat(loop.deathCause()).isEmpty();
    }
}
