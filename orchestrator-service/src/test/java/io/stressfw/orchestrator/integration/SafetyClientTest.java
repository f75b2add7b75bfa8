package io.stressfw.orchestrator.integration;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class SafetyClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void aConnectionClosedOnceTheTimeOutPassedIsReportedAsTheTimeOutAndAskedAgain() {
        Throwable closed = new CompletionException(new IOException("connection closed locally"));

        Throwable reported = SafetyClient.lateFailureAsTimeout(closed, Duration.ofMillis(1003).toNanos(), TIMEOUT);

        assertThat(reported).isInstanceOf(HttpTimeoutException.class).hasNoCause()
                .hasMessage("no answer within 1000 ms (IOException: connection closed locally)");
        assertThat(SafetyGate.timedOut(reported)).as("the pre-flight asks once more after a time-out").isTrue();
    }

    @Test
    void aFailureBeforeTheTimeOutStaysWhatItWas() {
        Throwable refused = new CompletionException(new ConnectException("Connection refused"));

        assertThat(SafetyClient.lateFailureAsTimeout(refused, Duration.ofMillis(3).toNanos(), TIMEOUT)).isSameAs(refused);
        assertThat(SafetyGate.timedOut(refused)).isFalse();
    }

    @Test
    void aTimeOutTheClientReportedIsKeptWithItsOwnKindAndAskedAgain() {
        Throwable timedOut = new CompletionException(new HttpTimeoutException("request timed out"));
        Throwable notConnected = new CompletionException(new HttpConnectTimeoutException("HTTP connect timed out"));

        assertThat(SafetyClient.lateFailureAsTimeout(timedOut, Duration.ofMillis(1001).toNanos(), TIMEOUT)).isSameAs(timedOut);
        assertThat(SafetyClient.lateFailureAsTimeout(notConnected, Duration.ofMillis(1001).toNanos(), TIMEOUT))
                .isSameAs(notConnected);
        assertThat(SafetyGate.timedOut(timedOut)).isTrue();
        assertThat(SafetyGate.timedOut(notConnected))
                .as("the JDK client names a request time-out whose connection closed first a connect time-out").isTrue();
    }

    /** How the JDK client reports a request time-out that lost the race to its own close (CI, 2026-12-02). */
    @Test
    void aTimeOutCausedByTheClosedConnectionIsNamedAsTheTimeOut() {
        HttpTimeoutException timedOut = new HttpTimeoutException("request timed out");
        timedOut.initCause(new IOException("connection closed locally"));

        assertThat(SafetyGate.describe(new CompletionException(timedOut))).isEqualTo("HttpTimeoutException: request timed out");
        assertThat(SafetyGate.describe(new CompletionException(new ConnectException("Connection refused"))))
                .isEqualTo("ConnectException: Connection refused");
    }
}
