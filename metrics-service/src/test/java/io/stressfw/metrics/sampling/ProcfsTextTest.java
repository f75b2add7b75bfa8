package io.stressfw.metrics.sampling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ProcfsTextTest {

    @Test
    void walksLinesAndParsesFieldsWhereTheyLie() {
        ProcfsText text = ProcfsText.of("a 1\t22  333\nb 4\n");
        assertThat(text.nextLine()).isTrue();
        assertThat(text.skipIfStartsWith("a")).isTrue();
        assertThat(text.nextLong()).isEqualTo(1);
        assertThat(text.nextLong()).isEqualTo(22);
        assertThat(text.nextLong()).isEqualTo(333);
        assertThat(text.nextLong()).as("past the last field of the line").isEqualTo(-1);
        assertThat(text.nextLine()).isTrue();
        assertThat(text.skipIfStartsWith("a")).isFalse();
        assertThat(text.skipIfStartsWith("b")).isTrue();
        assertThat(text.nextLong()).isEqualTo(4);
        assertThat(text.nextLine()).isFalse();
    }

    @Test
    void aFieldThatIsNotAWholeNumberIsMinusOneAndConsumed() {
        ProcfsText text = ProcfsText.of("12ab -5 1.5 7\n");
        text.nextLine();
        assertThat(text.nextLong()).isEqualTo(-1);
        assertThat(text.nextLong()).isEqualTo(-1);
        assertThat(text.nextLong()).isEqualTo(-1);
        assertThat(text.nextLong()).isEqualTo(7);
    }

    @Test
    void numbersTooLongForALongAreRefusedRatherThanWrapped() {
        ProcfsText text = ProcfsText.of("99999999999999999999 5");
        text.nextLine();
        assertThat(text.nextLong()).isEqualTo(-1);
        assertThat(text.nextLong()).isEqualTo(5);
    }

    @Test
    void parsesDecimalsOfTheLoadAverage() {
        ProcfsText text = ProcfsText.of("0.52 12.05 3 1/2 x.5\n");
        text.nextLine();
        assertThat(text.nextDecimal()).isCloseTo(0.52, within(1e-12));
        assertThat(text.nextDecimal()).isCloseTo(12.05, within(1e-12));
        assertThat(text.nextDecimal()).isEqualTo(3.0);
        assertThat(text.nextDecimal()).isEqualTo(-1);
        assertThat(text.nextDecimal()).isEqualTo(-1);
    }

    @Test
    void takesTheTextBeforeADelimiterTrimmed() {
        ProcfsText text = ProcfsText.of("  eth0:1000 2\nno delimiter\n");
        text.nextLine();
        assertThat(text.upTo(':')).isEqualTo("eth0");
        assertThat(text.nextLong()).isEqualTo(1000);
        text.nextLine();
        assertThat(text.upTo(':')).isNull();
    }

    @Test
    void comparesAFieldWithNamesWithoutMatchingPrefixes() {
        ProcfsText text = ProcfsText.of("253 0 vda1 5\n253 0 vda 6\n");
        byte[][] names = {ProcfsIoCounters.ascii("vda")};
        text.nextLine();
        text.skipFields(2);
        assertThat(text.fieldIsOneOf(names)).isFalse();
        text.nextLine();
        text.skipFields(2);
        assertThat(text.fieldIsOneOf(names)).isTrue();
        assertThat(text.nextLong()).isEqualTo(6);
    }

    @Test
    void aNumberRightAtTheCursorIsReadOnlyWhenItTouchesThePrefix() {
        ProcfsText text = ProcfsText.of("cpu  100 200\ncpu12 300\n");
        text.nextLine();
        text.skipIfStartsWith("cpu");
        assertThat(text.longHere()).isEqualTo(-1);
        text.nextLine();
        text.skipIfStartsWith("cpu");
        assertThat(text.longHere()).isEqualTo(12);
        assertThat(text.nextLong()).isEqualTo(300);
    }

    @Test
    void anEmptyFileHasNoLines() {
        assertThat(ProcfsText.of("").nextLine()).isFalse();
    }
}
