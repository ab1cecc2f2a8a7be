package io.github.sharedvis.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.sharedvis.util.InputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** d' against the closed form on hand-made responses. */
class SelectivityTest {

    @Test
    void dPrimeIsTheMeanDifferenceOverThePooledStandardDeviation() {
        // preferred {1, 3}: mean 2, variance 1; rest {0, 0, 2, 2}: mean 1, variance 1 -> d' = 1
        List<String> cats = List.of("f", "o", "f", "o", "o", "o");
        assertEquals(1.0, Selectivity.dPrime(new double[] {1, 0, 3, 0, 2, 2}, cats, "f"), 1e-12);
        // preferred {4, 4}: variance 0; rest {0, 0, 2, 2} variance 1: (4 - 1) / sqrt(1 / 2)
        assertEquals(3 / Math.sqrt(0.5), Selectivity.dPrime(new double[] {4, 0, 4, 0, 2, 2}, cats, "f"), 1e-12);
        // the other way round the sign flips
        assertEquals(-1.0, Selectivity.dPrime(new double[] {1, 0, 3, 0, 2, 2}, cats, "o"), 1e-12);
        double[][] rates = {{1, 4}, {0, 0}, {3, 4}, {0, 0}, {2, 2}, {2, 2}};
        assertArrayEquals(new double[] {1.0, 3 / Math.sqrt(0.5)}, Selectivity.dPrimes(rates, cats, "f"), 1e-12);
    }

    @Test
    void needsBothGroups() {
        assertThrows(InputException.class, () -> Selectivity.dPrime(new double[] {1, 2}, List.of("f", "f"), "f"));
        assertThrows(IllegalArgumentException.class, () -> Selectivity.dPrime(new double[] {1}, List.of("f", "o"), "f"));
    }
}
