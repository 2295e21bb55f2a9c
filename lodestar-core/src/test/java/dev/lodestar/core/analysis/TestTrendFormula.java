package dev.lodestar.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestTrendFormula {
    @Test
    void evaluatesWithPrecedenceAndParentheses() {
        List<Double> abc = List.of(6.0, 3.0, 2.0);
        assertThat(TrendFormula.parse("A/B", 3).evaluate(abc)).isEqualTo(2.0);
        assertThat(TrendFormula.parse("A-B", 3).evaluate(abc)).isEqualTo(3.0);
        assertThat(TrendFormula.parse("A+B*C", 3).evaluate(abc)).isEqualTo(12.0);
        assertThat(TrendFormula.parse("(A + B) * c", 3).evaluate(abc)).isEqualTo(18.0);
        assertThat(TrendFormula.parse("-A / 4 * 100", 3).evaluate(abc)).isEqualTo(-150.0);
        assertThat(TrendFormula.parse("A - B - C", 3).evaluate(abc)).isEqualTo(1.0);
        assertThat(TrendFormula.parse("A / B / C", 3).evaluate(abc)).isEqualTo(1.0);
    }

    @Test
    void divisionByZeroAndMissingValuesAreNull() {
        assertThat(TrendFormula.parse("A/B", 2).evaluate(List.of(1.0, 0.0))).isNull();
        assertThat(TrendFormula.parse("A+B", 2).evaluate(Arrays.asList(1.0, null)))
                .isNull();
        assertThat(TrendFormula.parse("A*0", 1).evaluate(List.of(5.0))).isEqualTo(0.0);
    }

    @Test
    void errorsNameThePosition() {
        assertThatThrownBy(() -> TrendFormula.parse("A/", 2))
                .hasMessage("formula 'A/': expected a series letter, a number or '(' at position 3, found the end");
        assertThatThrownBy(() -> TrendFormula.parse("A B", 2))
                .hasMessage("formula 'A B': expected an operator at position 3, found 'B'");
        assertThatThrownBy(() -> TrendFormula.parse("(A", 2)).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> TrendFormula.parse("A/C", 2))
                .hasMessage("formula 'A/C' uses series C but there are 2 series (A to B)");
        assertThatThrownBy(() -> TrendFormula.parse("1..2", 2)).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> TrendFormula.parse(" ", 2)).hasMessageContaining("e.g. A/B");
    }
}
