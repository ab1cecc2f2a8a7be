package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input of issue 11, defect 9, gets a message that names the file, the column, row or id,
 * and the fix (not a count that contradicts itself, not a bare path).
 */
class InputMessagesTest {

    @TempDir
    Path tmp;

    static void has(String msg, String... parts) {
        for (String p : parts) {
            assertTrue(msg.contains(p), "message lacks '" + p + "': " + msg);
        }
    }

    private String error(Path responses) {
        Exception e = assertThrows(Exception.class, () -> ResponseReader.read(responses));
        assertTrue(e instanceof IllegalArgumentException || e instanceof java.io.IOException, e.toString());
        return e.getMessage();
    }

    @Test
    void aDuplicateNeuronColumnNamesBothColumns() throws Exception {
        Path f = tmp.resolve("wide.csv");
        Files.writeString(f, "stimulus_id,n1,n2,n1,n3\ns1,1,2,3,4\n");
        has(error(f), f.toString(), "header column 4 'n1' repeats column 2", "must be unique", "rename one");
    }

    @Test
    void anEmptyNeuronIdNamesTheColumn() throws Exception {
        Path f = tmp.resolve("wide.csv");
        Files.writeString(f, "stimulus_id,n1,,n3\ns1,1,2,3\n");
        has(error(f), f.toString(), "header column 3 has no name", "neuron id");
        Path longCsv = tmp.resolve("long.csv");
        Files.writeString(longCsv, "stimulus_id,neuron,response\ns1,,2\n");
        has(error(longCsv), longCsv.toString(), "line 2", "empty 'neuron'");
    }

    @Test
    void anInfiniteValueNamesFileStimulusNeuronAndRepeat() throws Exception {
        Path npy = tmp.resolve("r.npy");
        float[] v = new float[3 * 2];
        v[2 * 2 + 1] = Float.NEGATIVE_INFINITY; // row 3, neuron n1
        try (OutputStream o = Files.newOutputStream(npy)) {
            Npy.writeFloat32(o, new long[] {3, 2}, v);
        }
        has(error(npy), npy.toString(), "row 3", "neuron 'n1'", "repeat 1", "-Infinity", "finite", "NaN for a missing");
        Path csv = tmp.resolve("r.csv");
        Files.writeString(csv, "stimulus_id,a,b\ns1,1,2\ns2,3,Infinity\n");
        has(error(csv), csv.toString(), "stimulus 's2'", "neuron 'b'", "Infinity");
    }

    @Test
    void aFolderOrASymlinkLoopWhereAResponseFileShouldBeIsSaidSo() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("responses.csv"));
        has(error(dir), dir.toString(), "is a folder, not a response file");
        Path a = tmp.resolve("a.npy");
        Path b = tmp.resolve("b.npy");
        Files.createSymbolicLink(a, b);
        Files.createSymbolicLink(b, a);
        has(error(a), a.toString(), "symbolic link loop");
        Path dangling = tmp.resolve("d.npy");
        Files.createSymbolicLink(dangling, tmp.resolve("gone.npy"));
        has(error(dangling), dangling.toString(), "broken symbolic link", "gone.npy");
        has(error(tmp.resolve("missing.npy")), "missing.npy: no such response file");
    }

    @Test
    void anIdWithALineBreakIsRejectedNamingTheRow() throws Exception {
        StimulusSetTest.image(tmp.resolve("b.png"), "png");
        StimulusSetTest.image(tmp.resolve("c.png"), "png");
        Path m = tmp.resolve("m.csv");
        Files.writeString(m, "image,category,stimulus_id\nb.png,body,b\nc.png,car,\"two\nlines\"\n");
        String msg = assertThrows(IllegalArgumentException.class, () -> StimulusSet.fromManifest(m)).getMessage();
        has(msg, m.toString(), "line 3", "stimulus id 'two\\u000alines'", "U+000A", "remove it");
        Path csv = tmp.resolve("r.csv");
        Files.writeString(csv, "stimulus_id,neuron,response\n\"s\t1\",n,2\n");
        has(error(csv), csv.toString(), "stimulus id 1", "U+0009");
    }

    @Test
    void aDuplicateOrEmptyManifestColumnIsNamed() throws Exception {
        StimulusSetTest.image(tmp.resolve("b.png"), "png");
        Path m = tmp.resolve("m.csv");
        Files.writeString(m, "image,category,category\nb.png,body,car\n");
        has(assertThrows(IllegalArgumentException.class, () -> StimulusSet.fromManifest(m)).getMessage(),
                m.toString(), "header column 3 'category' repeats column 2");
    }
}
