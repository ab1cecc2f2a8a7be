package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every response format against one ground truth written by {@code scripts/fixtures_readout.py}
 * (NumPy, SciPy's MATLAB v5 writer, h5py in MATLAB v7.3 and NWB 2.x layouts), and every
 * malformed-input message.
 */
class ResponseReaderTest {

    static final Path DATA = Path.of("src/test/resources/fixtures/data");

    record Truth(List<String> stimuli, List<String> neurons, Npy.Array trials) {
        double at(int i, int n, int r) {
            long[] s = trials.shape();
            return trials.data()[(int) ((i * s[1] + n) * s[2] + r)];
        }
    }

    static Truth truth(String file, String var) throws IOException {
        Map<String, Npy.Entry> z = Npz.read(DATA.resolve(file));
        return new Truth(Arrays.asList(((Npy.Text) z.get("stimulus_ids")).values()),
                Arrays.asList(((Npy.Text) z.get("neuron_ids")).values()), (Npy.Array) z.get(var));
    }

    /** Asserts equal values, with NaN equal to NaN, after aligning rows by stimulus id. */
    static void assertMatches(Truth t, Responses r, boolean checkNeuronIds) {
        Responses a = r.positional() ? new Responses(t.stimuli(), r.neuronIds(), r.trials())
                : r.select(t.stimuli());
        if (checkNeuronIds) {
            assertEquals(new java.util.TreeSet<>(t.neurons()), new java.util.TreeSet<>(a.neuronIds()));
            a = a.selectNeurons(t.neurons());
        }
        long[] s = t.trials().shape();
        assertEquals(s[0], a.nStimuli());
        assertEquals(s[1], a.nNeurons());
        assertEquals(s[2], a.nRepeats(), "repeats");
        for (int i = 0; i < s[0]; i++) {
            for (int n = 0; n < s[1]; n++) {
                for (int k = 0; k < s[2]; k++) {
                    double want = t.at(i, n, k);
                    double got = a.trials().get(i, n, k);
                    assertTrue(Double.isNaN(want) ? Double.isNaN(got) : want == got,
                            "trial [" + i + "][" + n + "][" + k + "]: expected " + want + ", got " + got);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"responses.npz", "wide.csv", "long.csv", "v5.mat", "v7.mat", "v73.mat", "responses.h5"})
    void everyFormatWithIdsReadsTheGroundTruth(String file) throws IOException {
        Responses r = ResponseReader.read(DATA.resolve(file));
        assertTrue(!r.positional(), file + " carries stimulus ids");
        assertMatches(truth("truth.npz", "trials"), r, true);
    }

    @Test
    void npyHasNoIdsSoRowsArePositional() throws IOException {
        Responses r = ResponseReader.read(DATA.resolve("responses.npy"));
        assertTrue(r.positional());
        assertEquals(List.of("n0", "n1", "n2"), r.neuronIds());
        assertMatches(truth("truth.npz", "trials"), r, false);
    }

    @Test
    void twoDimensionalArrayIsOneRepeat() throws IOException {
        Responses r = ResponseReader.read(DATA.resolve("responses_2d.npy"));
        assertEquals(1, r.nRepeats());
        double[][] mean = ResponseReader.read(DATA.resolve("responses.npy")).mean().toMatrix();
        for (int i = 0; i < mean.length; i++) {
            for (int n = 0; n < mean[i].length; n++) {
                assertEquals((float) mean[i][n], r.trials().get(i, n, 0), 0.0);
            }
        }
    }

    @Test
    void nwbTrialsTableCountsSpikesInTheWindow() throws IOException {
        Responses r = ResponseReader.read(DATA.resolve("session_trials.nwb"));
        assertMatches(truth("nwb_expected.npz", "counts"), r, true);
    }

    @Test
    void nwbIntervalsTableWithIntegerIdsIsFoundAutomatically() throws IOException {
        Responses r = ResponseReader.read(DATA.resolve("session_intervals.nwb"));
        Truth t = truth("nwb_expected.npz", "counts");
        // integer ids 0..5 index the stimulus names
        List<String> named = r.stimulusIds().stream().map(s -> t.stimuli().get(Integer.parseInt(s))).toList();
        assertMatches(t, new Responses(named, r.neuronIds(), r.trials()), true);
    }

    @Test
    void nwbRatesDivideCountsByTheWindow() throws IOException {
        Responses counts = ResponseReader.read(DATA.resolve("session_trials.nwb"));
        Responses rates = ResponseReader.read(DATA.resolve("session_trials.nwb"),
                ResponseOptions.defaults().withRates(true));
        // the store is float32: the rate is the double quotient rounded to float (half an ulp)
        double rate = counts.trials().get(1, 2, 0) / 0.2;
        assertEquals(rate, rates.trials().get(1, 2, 0), Math.ulp((float) rate) / 2);
        // a window that holds nothing but the spikes at the end edge of the default window
        Responses late = ResponseReader.read(DATA.resolve("session_trials.nwb"),
                ResponseOptions.defaults().withWindow(0.25, 0.2500001));
        assertEquals(1.0, late.trials().get(0, 0, 0), 0.0);
    }

    @Test
    void npzRoundTripThroughJavaWriter(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("r.npz");
        Map<String, Npy.Entry> vars = new LinkedHashMap<>();
        vars.put("responses", new Npy.Array(new long[] {2, 2}, new double[] {1, Double.NaN, 3, 4}, "<f8"));
        vars.put("stimulus_ids", new Npy.Text(new long[] {2}, new String[] {"b", "äé"}, "<U2"));
        Npz.write(f, vars);
        Responses r = ResponseReader.read(f);
        assertEquals(List.of("b", "äé"), r.stimulusIds());
        assertTrue(Double.isNaN(r.trials().get(0, 1, 0)));
        assertEquals(3.0, r.trials().get(1, 0, 0));
    }

    // ------------------------------------------------------------------------------ malformed input

    static String message(Path file, ResponseOptions o) {
        Exception e = assertThrows(Exception.class, () -> ResponseReader.read(file, o));
        assertTrue(e instanceof IllegalArgumentException || e instanceof IOException, e.toString());
        return e.getMessage();
    }

    static void contains(String msg, String... parts) {
        for (String p : parts) {
            assertTrue(msg.contains(p), "message '" + msg + "' lacks '" + p + "'");
        }
    }

    @Test
    void missingFile() {
        contains(message(DATA.resolve("nope.npy"), ResponseOptions.defaults()), "nope.npy", "no such response file");
    }

    @Test
    void unknownFormat(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("r.xyz"), "hello");
        contains(message(f, ResponseOptions.defaults()), "r.xyz", "unknown response format", ".nwb");
    }

    @Test
    void ambiguousVariable() {
        contains(message(DATA.resolve("ambiguous.npz"), ResponseOptions.defaults()), "ambiguous.npz",
                "cannot tell which variable", "[a, b]", "variable option");
    }

    @Test
    void missingVariable() {
        contains(message(DATA.resolve("responses.h5"), ResponseOptions.defaults().withVariable("rates")),
                "no numeric dataset 'rates'");
        contains(message(DATA.resolve("v5.mat"), ResponseOptions.defaults().withVariable("rates")),
                "no numeric variable 'rates'", "responses");
        contains(message(DATA.resolve("responses.npz"), ResponseOptions.defaults().withVariable("rates")),
                "no numeric array 'rates'");
    }

    @Test
    void wrongDimensions(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("v.npy");
        try (var out = Files.newOutputStream(f)) {
            Npy.writeFloat64(out, new long[] {4}, new double[] {1, 2, 3, 4});
        }
        contains(message(f, ResponseOptions.defaults()), "[n_images, n_neurons]", "[4]");
    }

    @Test
    void idCountMismatch(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("r.npz");
        Map<String, Npy.Entry> vars = new LinkedHashMap<>();
        vars.put("responses", new Npy.Array(new long[] {2, 1}, new double[] {1, 2}, "<f8"));
        vars.put("stimulus_ids", new Npy.Text(new long[] {3}, new String[] {"a", "b", "c"}, "<U1"));
        Npz.write(f, vars);
        contains(message(f, ResponseOptions.defaults()), "3 stimulus ids for 2 rows");
    }

    @Test
    void duplicateStimulusIdInFile(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("r.npz");
        Map<String, Npy.Entry> vars = new LinkedHashMap<>();
        vars.put("responses", new Npy.Array(new long[] {2, 1}, new double[] {1, 2}, "<f8"));
        vars.put("stimulus_ids", new Npy.Text(new long[] {2}, new String[] {"a", "a"}, "<U1"));
        Npz.write(f, vars);
        contains(message(f, ResponseOptions.defaults()), "duplicate stimulus id 'a'");
    }

    @Test
    void csvNotANumber() {
        contains(message(DATA.resolve("bad_number.csv"), ResponseOptions.defaults()), "bad_number.csv line 2",
                "column '102'", "'abc' is not a number");
    }

    @Test
    void csvLongDuplicate() {
        contains(message(DATA.resolve("duplicate_long.csv"), ResponseOptions.defaults()), "line 3",
                "duplicate response for stimulus 'body01', neuron '101', repeat '1'", "first at line 2");
    }

    @Test
    void csvLongWithoutIdColumn(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("l.csv"), "image,neuron,response\na,1,2\n");
        contains(message(f, ResponseOptions.defaults()), "long format needs a 'stimulus_id' column");
        Responses r = ResponseReader.read(f, ResponseOptions.defaults().withStimulusIdColumn("image"));
        assertEquals(List.of("a"), r.stimulusIds());
    }

    @Test
    void csvRaggedRow(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("w.csv"), "stimulus_id,n1,n2\na,1\n");
        contains(message(f, ResponseOptions.defaults()), "line 2", "2 fields but the header has 3");
    }

    @Test
    void nwbWithoutUnits() {
        contains(message(DATA.resolve("no_units.nwb"), ResponseOptions.defaults()), "no_units.nwb",
                "no Units table (/units)");
    }

    @Test
    void nwbTableWithoutStimulusColumn() {
        contains(message(DATA.resolve("session_intervals.nwb"),
                ResponseOptions.defaults().withIntervalsTable("intervals/trials")),
                "/intervals/trials has no column 'stimulus_id'", "start_time");
        contains(message(DATA.resolve("session_intervals.nwb"),
                ResponseOptions.defaults().withStimulusIdColumn("image")),
                "no trials or intervals table with a 'image' column", "/intervals/presentations");
    }

    @Test
    void notAnHdf5File(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("x.h5"), "definitely not HDF5");
        contains(message(f, ResponseOptions.defaults()), "x.h5", "not a readable HDF5 file");
    }

    @Test
    void pythonObjectArrays() {
        contains(message(DATA.resolve("objects.npz"), ResponseOptions.defaults()), "objects.npz!stimulus_ids.npy",
                "Python objects", "dtype=str");
    }

    @Test
    void notAMatFile(@TempDir Path tmp) throws IOException {
        Path f = Files.writeString(tmp.resolve("x.mat"), "MATLAB 5.0 MAT-file but then garbage");
        contains(message(f, ResponseOptions.defaults()), "x.mat", "not a readable MATLAB v5 .mat file");
    }

    @Test
    void badWindow() {
        Exception e = assertThrows(IllegalArgumentException.class,
                () -> ResponseOptions.defaults().withWindow(0.3, 0.1));
        contains(e.getMessage(), "end (0.1 s) must be after start (0.3 s)");
    }
}
