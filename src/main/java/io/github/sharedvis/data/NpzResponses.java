package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code .npz}: the responses array plus optional string or integer id vectors. */
final class NpzResponses implements ResponseFormat {

    @Override
    public List<String> extensions() {
        return List.of("npz");
    }

    @Override
    public boolean recognises(Path file, byte[] head) {
        return head.length >= 2 && head[0] == 'P' && head[1] == 'K'; // a zip archive
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        Map<String, Npy.Entry> vars = Npz.read(file);
        String var = opts.variable();
        if (var == null) {
            var = ResponseArrays.autoVariable(vars.entrySet().stream()
                    .filter(e -> e.getValue() instanceof Npy.Array a && (a.shape().length == 2 || a.shape().length == 3))
                    .map(Map.Entry::getKey).toList(), vars.keySet(), file);
        }
        Npy.Entry e = vars.get(var);
        if (!(e instanceof Npy.Array a)) {
            throw new InputException(file + ": no numeric array '" + var + "' (members: " + vars.keySet()
                    + "); name it with the variable option");
        }
        List<String> sids = ids(vars, opts.stimulusIdsVariable(), file);
        List<String> nids = ids(vars, opts.neuronIdsVariable(), file);
        return ResponseArrays.fromNumeric(ResponseArrays.Numeric.of(a), sids, nids, file + " '" + var + "'",
                opts.scratch());
    }

    private static List<String> ids(Map<String, Npy.Entry> vars, String name, Path file) {
        if (name == null || !vars.containsKey(name)) {
            return null;
        }
        Npy.Entry e = vars.get(name);
        if (e.shape().length != 1) {
            throw new InputException(file + ": '" + name + "' must be a vector, found shape "
                    + Arrays.toString(e.shape()));
        }
        if (e instanceof Npy.Text t) {
            return Arrays.asList(t.values());
        }
        return ResponseArrays.numbersAsIds(((Npy.Array) e).data(), file + " '" + name + "'");
    }
}
