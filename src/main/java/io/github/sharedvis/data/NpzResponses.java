package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code .npz}: the responses array plus optional string or integer id vectors. Only the members'
 * headers are read to pick the variable; the ids are read whole and a C-order numeric responses
 * member is streamed into the store ({@link NpyResponses#stream}), so no double copy of it exists.
 */
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
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, ZipEntry> members = new LinkedHashMap<>();
            Map<String, Npy.Header> headers = new LinkedHashMap<>();
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().endsWith(".npy") ? e.getName().substring(0, e.getName().length() - 4)
                        : e.getName();
                members.put(name, e);
                try (InputStream in = zip.getInputStream(e)) {
                    headers.put(name, Npy.readHeader(in, file + "!" + e.getName()));
                }
            }
            String var = opts.variable();
            if (var == null) {
                var = ResponseArrays.autoVariable(headers.entrySet().stream()
                        .filter(e -> numeric(e.getValue()) && (e.getValue().shape().length == 2
                                || e.getValue().shape().length == 3))
                        .map(Map.Entry::getKey).toList(), headers.keySet(), file);
            }
            Npy.Header h = headers.get(var);
            if (h == null || !numeric(h)) {
                throw new InputException(file + ": no numeric array '" + var + "' (members: " + headers.keySet()
                        + "); name it with the variable option");
            }
            List<String> sids = ids(zip, members, opts.stimulusIdsVariable(), file);
            List<String> nids = ids(zip, members, opts.neuronIdsVariable(), file);
            String what = file + " '" + var + "'";
            try (InputStream in = new BufferedInputStream(zip.getInputStream(members.get(var)), NpyResponses.BLOCK_BYTES)) {
                if (NpyResponses.streamable(h)) {
                    Npy.readHeader(in, what);
                    return NpyResponses.stream(in, h, sids, nids, what, opts.scratch(), Trials.CHUNK_SHIFT,
                            Trials.MAP_BYTES);
                }
                return ResponseArrays.fromNumeric(ResponseArrays.Numeric.of(Npy.read(in, what)), sids, nids, what,
                        opts.scratch());
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a NumPy .npz archive (" + e.getMessage() + ")", e);
        }
    }

    private static boolean numeric(Npy.Header h) {
        return h.descr().length() >= 2 && "fiubc".indexOf(h.descr().charAt(1)) >= 0;
    }

    private static List<String> ids(ZipFile zip, Map<String, ZipEntry> members, String name, Path file)
            throws IOException {
        if (name == null || !members.containsKey(name)) {
            return null;
        }
        Npy.Entry e;
        try (InputStream in = zip.getInputStream(members.get(name))) {
            e = Npy.readEntry(in, file + "!" + members.get(name).getName());
        }
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
