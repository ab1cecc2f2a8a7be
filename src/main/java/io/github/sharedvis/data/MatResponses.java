package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.MatlabType;

/**
 * MATLAB {@code .mat}: v5 read with MFL, v7.3 (HDF5 inside) handed to {@link Hdf5Responses} with
 * MATLAB's conventions. Indexing is MATLAB's, {@code responses(image, neuron, repeat)}; ids are cell
 * arrays of strings, char matrices or numeric vectors.
 */
final class MatResponses implements ResponseFormat {

    @Override
    public List<String> extensions() {
        return List.of("mat");
    }

    /** A v5 header starts with "MATLAB"; a v7.3 file is HDF5 and was claimed before this is asked. */
    @Override
    public boolean recognises(Path file, byte[] head) {
        return head.length >= 6 && new String(head, 0, 6, StandardCharsets.ISO_8859_1).equals("MATLAB");
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        return Hdf5Responses.isHdf5(file) ? Hdf5Responses.read(file, opts, true) : readMat5(file, opts);
    }

    private static Responses readMat5(Path file, ResponseOptions opts) throws IOException {
        Mat5File mat;
        try {
            mat = Mat5.readFromFile(file.toFile());
        } catch (RuntimeException | IOException e) {
            throw new IOException(file + ": not a readable MATLAB v5 .mat file (" + e.getMessage() + ")", e);
        }
        try (mat) {
            Map<String, Array> vars = new LinkedHashMap<>();
            for (MatFile.Entry e : mat.getEntries()) {
                vars.put(e.getName(), e.getValue());
            }
            String var = opts.variable();
            if (var == null) {
                var = ResponseArrays.autoVariable(vars.entrySet().stream()
                        .filter(e -> e.getValue() instanceof Matrix m && isNumeric(m.getType())
                                && m.getNumDimensions() <= 3 && m.getNumElements() > 1
                                && !e.getKey().equals(opts.stimulusIdsVariable())
                                && !e.getKey().equals(opts.neuronIdsVariable()))
                        .map(Map.Entry::getKey).toList(), vars.keySet(), file);
            }
            if (!(vars.get(var) instanceof Matrix m) || !isNumeric(m.getType())) {
                throw new InputException(file + ": no numeric variable '" + var + "' (variables: "
                        + vars.keySet() + "); name it with the variable option");
            }
            int[] dims = m.getDimensions();
            double[] data = new double[m.getNumElements()];
            for (int k = 0; k < data.length; k++) {
                data[k] = m.getDouble(k); // linear index = MATLAB column-major order
            }
            List<String> sids = mat5Ids(vars.get(opts.stimulusIdsVariable()), file, opts.stimulusIdsVariable());
            List<String> nids = mat5Ids(vars.get(opts.neuronIdsVariable()), file, opts.neuronIdsVariable());
            return ResponseArrays.fromNumeric(new ResponseArrays.Numeric(dims, data, true), sids, nids, file + " '" + var + "'",
                    opts.scratch());
        }
    }

    private static boolean isNumeric(MatlabType t) {
        return t != MatlabType.Cell && t != MatlabType.Structure && t != MatlabType.Object && t != MatlabType.Character
                && t != MatlabType.Sparse && t != MatlabType.Function && t != MatlabType.Opaque;
    }

    private static List<String> mat5Ids(Array a, Path file, String name) {
        if (a == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (a instanceof Cell c) {
            for (int k = 0; k < c.getNumElements(); k++) {
                Array el = c.get(k);
                if (el instanceof Char ch) {
                    out.add(ch.getString().trim());
                } else if (el instanceof Matrix m && m.getNumElements() == 1) {
                    out.addAll(ResponseArrays.numbersAsIds(new double[] {m.getDouble(0)}, file + " '" + name + "'"));
                } else {
                    throw new InputException(file + ": '" + name + "' must be a cell array of strings");
                }
            }
            return out;
        }
        if (a instanceof Char ch) {
            for (int r = 0; r < ch.getNumRows(); r++) {
                out.add(ch.getRow(r).trim());
            }
            return out;
        }
        if (a instanceof Matrix m) {
            double[] v = new double[m.getNumElements()];
            for (int k = 0; k < v.length; k++) {
                v[k] = m.getDouble(k);
            }
            return ResponseArrays.numbersAsIds(v, file + " '" + name + "'");
        }
        throw new InputException(file + ": '" + name + "' must be a cell array of strings, a char matrix "
                + "or a numeric vector");
    }
}
