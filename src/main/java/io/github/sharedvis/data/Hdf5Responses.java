package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code .h5}/{@code .hdf5}/{@code .he5}: the responses dataset (C order, as h5py writes it) plus
 * optional id datasets, read with jHDF; also MATLAB v7.3 files (column-major, dimensions reversed,
 * char and cell ids). The jHDF helpers here serve {@link NwbResponses} too.
 */
final class Hdf5Responses implements ResponseFormat {

    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @Override
    public List<String> extensions() {
        return List.of("h5", "hdf5", "he5");
    }

    @Override
    public boolean recognises(Path file, byte[] head) throws IOException {
        return isHdf5(file);
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        return read(file, opts, false);
    }

    static boolean isHdf5(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // the superblock may follow a user block of 0, 512, 1024, ... bytes (MATLAB uses 512)
            byte[] head = in.readNBytes(8);
            long pos = 8;
            for (long at = 0; at <= 4096; at = at == 0 ? 512 : at * 2) {
                if (at > 0) {
                    in.skipNBytes(at - pos);
                    head = in.readNBytes(8);
                    pos = at + 8;
                }
                if (Arrays.equals(head, HDF5_SIGNATURE)) {
                    return true;
                }
                if (head.length < 8) {
                    return false;
                }
            }
        } catch (EOFException e) {
            return false;
        }
        return false;
    }


    static HdfFile openHdf(Path file) throws IOException {
        try {
            return new HdfFile(file);
        } catch (HdfException e) {
            throw new IOException(file + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
        }
    }

    static Responses read(Path file, ResponseOptions opts, boolean matlab) throws IOException {
        try (HdfFile h = openHdf(file)) {
            String var = opts.variable();
            if (var == null) {
                List<String> candidates = new ArrayList<>();
                for (Node n : h) {
                    if (n instanceof Dataset d && !d.isScalar() && (d.getDimensions().length == 2
                            || d.getDimensions().length == 3) && isNumericJava(d.getJavaType())
                            && !(matlab && "char".equals(matlabClass(d)))) {
                        candidates.add(n.getName());
                    }
                }
                var = ResponseArrays.autoVariable(candidates, h.getChildren().keySet(), file);
            }
            Node node = nodeAt(h, var);
            if (!(node instanceof Dataset d) || !isNumericJava(d.getJavaType())) {
                throw new InputException(file + ": no numeric dataset '" + var + "' (top level: "
                        + h.getChildren().keySet() + "); name it with the variable option");
            }
            int[] dims = d.getDimensions();
            double[] data = toDoubles(d.getDataFlat());
            ResponseArrays.Numeric a;
            if (matlab) {
                // MATLAB v7.3 stores column-major arrays with the HDF5 dimensions reversed
                int[] rev = new int[dims.length];
                for (int k = 0; k < dims.length; k++) {
                    rev[k] = dims[dims.length - 1 - k];
                }
                a = new ResponseArrays.Numeric(rev, data, true);
            } else {
                a = new ResponseArrays.Numeric(dims, data, false);
            }
            List<String> sids = hdfIds(h, opts.stimulusIdsVariable(), file, matlab);
            List<String> nids = hdfIds(h, opts.neuronIdsVariable(), file, matlab);
            return ResponseArrays.fromNumeric(a, sids, nids, file + " '" + var + "'", opts.scratch());
        } catch (HdfException e) {
            throw new IOException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    static Node nodeAt(Group g, String path) {
        try {
            return g.getByPath(path.startsWith("/") ? path.substring(1) : path);
        } catch (HdfException e) {
            return null;
        }
    }

    private static String matlabClass(Node n) {
        Attribute a = n.getAttribute("MATLAB_class");
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        return v instanceof String s ? s : String.valueOf(v);
    }

    private static boolean isNumericJava(Class<?> c) {
        return c == double.class || c == float.class || c == int.class || c == long.class || c == short.class
                || c == byte.class || c == Double.class || c == Float.class || c == Integer.class || c == Long.class
                || c == Short.class || c == Byte.class;
    }

    static double[] toDoubles(Object flat) {
        int n = Array.getLength(flat);
        double[] out = new double[n];
        if (flat instanceof double[] d) {
            return d;
        }
        for (int i = 0; i < n; i++) {
            Object v = Array.get(flat, i);
            out[i] = ((Number) v).doubleValue();
        }
        return out;
    }

    private static List<String> hdfIds(HdfFile h, String name, Path file, boolean matlab) {
        if (name == null) {
            return null;
        }
        Node n = nodeAt(h, name);
        return n == null ? null : hdfIds(h, n, name, file, matlab);
    }

    static List<String> hdfIds(HdfFile h, Node n, String name, Path file, boolean matlab) {
        if (!(n instanceof Dataset d)) {
            throw new InputException(file + ": '" + name + "' must be a dataset of ids");
        }
        String what = file + " '" + name + "'";
        if (matlab) {
            String cls = matlabClass(d);
            if ("char".equals(cls)) {
                // MATLAB char matrix [n x L] is stored as uint16 [L, n]
                int[] dims = d.getDimensions();
                double[] codes = toDoubles(d.getDataFlat());
                int len = dims.length == 2 ? dims[0] : codes.length;
                int count = dims.length == 2 ? dims[1] : 1;
                List<String> out = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    StringBuilder sb = new StringBuilder();
                    for (int l = 0; l < len; l++) {
                        sb.append((char) codes[l * count + i]);
                    }
                    out.add(sb.toString().trim());
                }
                return out;
            }
            if ("cell".equals(cls)) {
                Object flat = d.getDataFlat();
                List<String> out = new ArrayList<>();
                for (int k = 0; k < Array.getLength(flat); k++) {
                    long address = ((Number) Array.get(flat, k)).longValue();
                    Node el = h.getNodeByAddress(address);
                    if (!(el instanceof Dataset ed) || !"char".equals(matlabClass(ed))) {
                        throw new InputException(what + ": must be a cell array of strings");
                    }
                    double[] codes = toDoubles(ed.getDataFlat());
                    StringBuilder sb = new StringBuilder();
                    for (double c : codes) {
                        sb.append((char) c);
                    }
                    out.add(sb.toString().trim());
                }
                return out;
            }
        }
        Object flat = d.getDataFlat();
        if (flat instanceof String[] s) {
            return Arrays.stream(s).map(String::trim).toList();
        }
        if (isNumericJava(d.getJavaType())) {
            return ResponseArrays.numbersAsIds(toDoubles(flat), what);
        }
        throw new InputException(what + ": ids must be strings or integers, found " + d.getJavaType());
    }
}
