package io.github.sharedvis.run;

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
    void fieldsAreQuotedOnlyWhenNeededAndRowsRoundTrip() throws Exception {
        NeuronRow plain = new NeuronRow("abc", 1, 2, 0.5, 0.1, 0.2, 0.3, Double.NaN, 1e-20, -2.5e-7, 3, 4);
        NeuronRow odd = new NeuronRow("say \"hi\", a,b\nnext", 1, 2, 0.5, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 7, 8);
        String csv = NeuronRow.TABLE.format(java.util.List.of(plain, odd));
        String[] lines = csv.split("\n", 2);
        assertEquals("neuron,n_preferred,n_ooc,alpha,r_within_cv,r_ooc,p_ooc,reliability,r2_within_norm,r2_ooc_norm,"
                + "mean_preferred,mean_ooc", lines[0]);
        assertEquals("abc,1,2,0.5,0.1,0.2,0.3,NaN,1e-20,-2.5e-07,3,4", lines[1].split("\n")[0]);
        org.junit.jupiter.api.Assertions.assertTrue(lines[1].contains("\"say \"\"hi\"\", a,b\nnext\""), csv);
        // the reader takes back what the writer wrote, quoting and all
        java.util.List<NeuronRow> back = NeuronRow.TABLE.parse(csv, "test");
        assertEquals(plain.neuron(), back.get(0).neuron());
        assertEquals(odd, back.get(1));
    }
}
