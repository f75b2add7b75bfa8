package io.stressfw.service.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoopbackHostsTest {
    @Test
    void loopbackBindAddressesAreRecognised() {
        assertThat(LoopbackHosts.isLoopbackBind("127.0.0.1")).isTrue();
        assertThat(LoopbackHosts.isLoopbackBind("localhost")).isTrue();
        assertThat(LoopbackHosts.isLoopbackBind("::1")).isTrue();
        assertThat(LoopbackHosts.isLoopbackBind("0.0.0.0")).isFalse();
        assertThat(LoopbackHosts.isLoopbackBind("192.168.1.10")).isFalse();
        assertThat(LoopbackHosts.isLoopbackBind(null)).isFalse();
    }

    @Test
    void aLoopbackHostHeaderMayCarryAPort() {
        assertThat(LoopbackHosts.isLoopbackHostHeader("localhost:8000")).isTrue();
        assertThat(LoopbackHosts.isLoopbackHostHeader("127.0.0.1:8000")).isTrue();
        assertThat(LoopbackHosts.isLoopbackHostHeader("127.1.2.3")).isTrue();
        assertThat(LoopbackHosts.isLoopbackHostHeader("[::1]:8000")).isTrue();
        assertThat(LoopbackHosts.isLoopbackHostHeader("dashboard.localhost:8000")).isTrue();
        assertThat(LoopbackHosts.isLoopbackHostHeader("LOCALHOST")).isTrue();
    }

    @Test
    void aRebindingPagesNameIsNotLoopback() {
        assertThat(LoopbackHosts.isLoopbackHostHeader("attacker.example:8000")).isFalse();
        assertThat(LoopbackHosts.isLoopbackHostHeader("127.0.0.1.attacker.example")).isFalse();
        assertThat(LoopbackHosts.isLoopbackHostHeader("localhost.attacker.example")).isFalse();
        assertThat(LoopbackHosts.isLoopbackHostHeader("127.0.0.256")).isFalse();
        assertThat(LoopbackHosts.isLoopbackHostHeader("[::2]:8000")).isFalse();
        assertThat(LoopbackHosts.isLoopbackHostHeader("")).isFalse();
    }
}
