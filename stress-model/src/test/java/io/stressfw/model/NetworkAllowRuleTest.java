package io.stressfw.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkAllowRuleTest {

    @Test
    void aLiteralEntryAllowsExactlyItsTarget() {
        NetworkAllowRule rule = NetworkAllowRule.parse(" Agent-B.Example:9100 ");

        assertThat(rule.isLiteral()).isTrue();
        assertThat(rule.literalHost()).isEqualTo("agent-b.example");
        assertThat(rule.literalPort()).isEqualTo(9100);
        assertThat(rule.allows("agent-b.example:9100")).isTrue();
        assertThat(rule.allows("AGENT-B.example:9100")).isTrue();
        assertThat(rule.allows("agent-b.example:9101")).isFalse();
        assertThat(rule.allows("10.0.0.2:9100")).isFalse();
    }

    @Test
    void aRangeAllowsAddressesInsideItOnItsPorts() {
        NetworkAllowRule rule = NetworkAllowRule.parse("10.77.0.0/24:9100-9199");

        assertThat(rule.isLiteral()).isFalse();
        assertThat(rule.allows("10.77.0.2:9100")).isTrue();
        assertThat(rule.allows("10.77.0.254:9199")).isTrue();
        assertThat(rule.allows("10.77.1.2:9100")).as("outside the /24").isFalse();
        assertThat(rule.allows("10.77.0.2:9200")).as("outside the ports").isFalse();
        assertThat(NetworkAllowRule.parse("10.0.0.0/8:*").allows("10.200.3.4:1")).isTrue();
        assertThat(NetworkAllowRule.parse("0.0.0.0/0:9100").allows("203.0.113.9:9100")).isTrue();
    }

    @Test
    void aHostNameNeverMatchesARangeSoNoDnsAnswerCanWidenIt() {
        NetworkAllowRule rule = NetworkAllowRule.parse("127.0.0.0/8:*");

        assertThat(rule.allows("localhost:9100")).isFalse();
        assertThat(rule.allows("127.0.0.1:9100")).isTrue();
        assertThat(rule.allows("127.0.0.1.evil.example:9100")).isFalse();
        assertThat(rule.allows("300.0.0.1:9100")).isFalse();
    }

    @Test
    void ipv6RangesAndLiteralsAreWrittenInBrackets() {
        NetworkAllowRule range = NetworkAllowRule.parse("[fd00::/8]:9100");

        assertThat(range.allows("[fd00::2]:9100")).isTrue();
        assertThat(range.allows("[fe80::1]:9100")).isFalse();
        assertThat(range.allows("10.0.0.1:9100")).as("an IPv4 address is not in an IPv6 range").isFalse();
        assertThat(NetworkAllowRule.parse("[::1]:9100").allows("[::1]:9100")).isTrue();
        assertThatThrownBy(() -> NetworkAllowRule.parse("fd00::1:9100")).hasMessageContaining("brackets");
    }

    @Test
    void theOwnSinkRuleIsNamedAndMatchesNoAddress() {
        NetworkAllowRule rule = NetworkAllowRule.parse("SINK");

        assertThat(rule.isOwnSink()).isTrue();
        assertThat(rule.allows("127.0.0.1:9100")).isFalse();
    }

    @Test
    void badEntriesAreRefusedNamingTheEntryAndTheProblem() {
        assertThatThrownBy(() -> NetworkAllowRule.parse(" ")).hasMessage("network allowlist entries must not be blank");
        assertThatThrownBy(() -> NetworkAllowRule.parse("10.0.0.1"))
                .hasMessage("network allowlist entry '10.0.0.1' must be host:port, cidr:ports or 'sink'");
        assertThatThrownBy(() -> NetworkAllowRule.parse("10.0.0.1:0")).hasMessageContaining("port 1-65535");
        assertThatThrownBy(() -> NetworkAllowRule.parse("10.0.0.1:9100-9000")).hasMessageContaining("port 1-65535");
        assertThatThrownBy(() -> NetworkAllowRule.parse("agent-b:*")).hasMessageContaining("needs one port");
        assertThatThrownBy(() -> NetworkAllowRule.parse("10.0.0.0/33:9100")).hasMessageContaining("prefix length outside 0-32");
        assertThatThrownBy(() -> NetworkAllowRule.parse("agents/24:9100")).hasMessageContaining("IP address before the '/'");
    }

    @Test
    void malformedTargetsAreSimplyNotAllowed() {
        NetworkAllowRule rule = NetworkAllowRule.parse("10.0.0.0/8:*");

        assertThat(rule.allows(null)).isFalse();
        assertThat(rule.allows("10.0.0.1")).isFalse();
        assertThat(rule.allows("10.0.0.1:port")).isFalse();
    }
}
