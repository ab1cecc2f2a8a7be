package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CsvTest {
    @Test
    void numbersRoundTripToNineSignificantDigits() {
        for (double v : new double[] {4.0446341e-20, -3.75964251e-1, 1e-300, 123456789.0, 0.5, 17.295, 1e21, -2.5e-7}) {
            String s = Csv.number(v);
            assertEquals(v, Double.parseDouble(s), Math.abs(v) * 1e-8, s);
        }
        assertEquals("NaN", Csv.number(Double.NaN));
        assertEquals("3", Csv.number(3.0));
        assertEquals("4.0446341e-20", Csv.number(4.0446341e-20));
        assertEquals("0.5", Csv.number(0.5));
    }

    @Test
    void fieldsAreQuotedOnlyWhenNeeded() {
        assertEquals("abc", Csv.field("abc"));
        assertEquals("\"a,b\"", Csv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", Csv.field("say \"hi\""));
    }
}
