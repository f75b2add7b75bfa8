package io.stressfw.kafka;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerArgumentsTest {

    @Test
    void threeArgumentsMeanAnOpenBrokerThatStopsWithItsParent() {
        BrokerArguments arguments = BrokerArguments.parse("server.properties", "cluster", "127.0.0.1:9092");

        assertThat(arguments.config()).isEqualTo("server.properties");
        assertThat(arguments.clusterId()).isEqualTo("cluster");
        assertThat(arguments.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(arguments.orphanGraceMs()).isZero();
        assertThat(arguments.securityFile()).isEmpty();
    }

    @Test
    void optionsAreKnownByNameInEitherOrder() {
        BrokerArguments arguments = BrokerArguments.parse("s", "c", "b",
                "--security=/run/security.properties", "--orphan-grace-ms=1500");

        assertThat(arguments.orphanGraceMs()).isEqualTo(1500);
        assertThat(arguments.securityFile()).contains(Path.of("/run/security.properties"));
    }

    @Test
    void aSecurityFileAloneKeepsTheDefaultGrace() {
        BrokerArguments arguments = BrokerArguments.parse("s", "c", "b", "--security=sec.properties");

        assertThat(arguments.orphanGraceMs()).isZero();
        assertThat(arguments.securityFile()).contains(Path.of("sec.properties"));
    }

    @Test
    void aBareFourthArgumentIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c", "b", "500"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown argument: 500");
    }

    @Test
    void badOptionValuesAreRefusedNamingTheOption() {
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c", "b", "--orphan-grace-ms=soon"))
                .hasMessageContaining("--orphan-grace-ms=");
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c", "b", "--orphan-grace-ms=-1"))
                .hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c", "b", "--security="))
                .hasMessageContaining("needs a file");
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c", "b", "--security=a", "--security=b"))
                .hasMessageContaining("given twice");
        assertThatThrownBy(() -> BrokerArguments.parse("s", "c"))
                .hasMessageContaining("got 2 argument(s)");
    }
}
