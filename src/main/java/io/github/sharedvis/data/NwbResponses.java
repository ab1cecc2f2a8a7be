package io.github.sharedvis.data;

import io.github.sharedvis.util.InputException;
import static io.github.sharedvis.data.Hdf5Responses.hdfIds;
import static io.github.sharedvis.data.Hdf5Responses.nodeAt;
import static io.github.sharedvis.data.Hdf5Responses.toDoubles;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code .nwb} (NWB 2.x): spike times of the Units table ({@code /units/spike_times} with
 * {@code spike_times_index}, unit ids from {@code /units/id}) counted by {@link SpikeCounts} after each
 * presentation of a trials or intervals table ({@code start_time} and a stimulus id column).
 * Presentations of one stimulus become its repeats in time order; stimuli shown fewer times are padded
 * with NaN.
 */
final class NwbResponses implements ResponseFormat {

    @Override
    public List<String> extensions() {
        return List.of("nwb");
    }

    /** An HDF5 file with a Units table or an NWB version attribute. */
    @Override
    public boolean recognises(Path file, byte[] head) throws IOException {
        if (!Hdf5Responses.isHdf5(file)) {
            return false;
        }
        try (HdfFile h = new HdfFile(file)) {
            return h.getChildren().containsKey("units") || h.getAttributes().containsKey("nwb_version");
        } catch (RuntimeException e) {
            return false; // not readable as HDF5 at all: the HDF5 reader says why
        }
    }

    @Override
    public Responses read(Path file, ResponseOptions opts) throws IOException {
        try (HdfFile h = Hdf5Responses.openHdf(file)) {
            if (!(nodeAt(h, "units") instanceof Group units)) {
                throw new InputException(file + ": no Units table (/units); the NWB file must hold sorted "
                        + "units with spike_times");
            }
            Dataset st = requireDataset(units, "spike_times", file);
            Dataset sti = requireDataset(units, "spike_times_index", file);
            double[] spikes = toDoubles(st.getDataFlat());
            double[] ends = toDoubles(sti.getDataFlat());
            List<String> neuronIds;
            if (nodeAt(units, "id") instanceof Dataset ids) {
                neuronIds = hdfIds(h, ids, "/units/id", file, false);
                if (neuronIds.size() != ends.length) {
                    throw new InputException(file + ": /units/id has " + neuronIds.size()
                            + " ids but spike_times_index has " + ends.length + " units");
                }
            } else {
                neuronIds = new ArrayList<>();
                for (int n = 0; n < ends.length; n++) {
                    neuronIds.add(Integer.toString(n));
                }
            }
            double[][] unitSpikes = new double[ends.length][];
            int begin = 0;
            for (int n = 0; n < ends.length; n++) {
                int end = (int) ends[n];
                if (end < begin || end > spikes.length) {
                    throw new InputException(file + ": /units/spike_times_index[" + n + "] = " + end
                            + " is out of order or beyond the " + spikes.length + " spike times");
                }
                unitSpikes[n] = Arrays.copyOfRange(spikes, begin, end);
                begin = end;
            }
            Group table = findIntervals(h, opts, file);
            String col = opts.stimulusIdColumn();
            double[] onsets = toDoubles(requireDataset(table, "start_time", file).getDataFlat());
            if (nodeAt(table, col + "_index") != null) {
                throw new InputException(file + ": column '" + col + "' of " + path(table)
                        + " is ragged (has " + col + "_index); it must hold one stimulus id per presentation");
            }
            List<String> stim = hdfIds(h, nodeAt(table, col), path(table) + "/" + col, file, false);
            if (stim.size() != onsets.length) {
                throw new InputException(file + ": " + path(table) + " has " + onsets.length
                        + " start times but " + stim.size() + " values in column '" + col + "'");
            }
            double[][] counts = SpikeCounts.inWindows(unitSpikes, onsets, opts.windowStart(), opts.windowEnd(),
                    opts.rates());
            Map<String, List<Integer>> byStimulus = presentations(onsets, stim);
            Trials t = byStimulus(counts, byStimulus, opts.scratch());
            List<String> stimulusIds = new ArrayList<>(byStimulus.keySet());
            return ResponseArrays.withContext(file, () -> new Responses(stimulusIds, neuronIds, t));
        } catch (HdfException e) {
            throw new IOException(file + ": cannot read NWB (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param onsets {@code [presentations]} onsets
     * @param stim {@code [presentations]} stimulus ids
     * @return each stimulus (in order of first presentation in time) with its presentations in time order
     */
    private static Map<String, List<Integer>> presentations(double[] onsets, List<String> stim) {
        Integer[] order = new Integer[onsets.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(onsets[a], onsets[b]));
        Map<String, List<Integer>> byStimulus = new LinkedHashMap<>();
        for (int k : order) {
            byStimulus.computeIfAbsent(stim.get(k), s -> new ArrayList<>()).add(k);
        }
        return byStimulus;
    }

    /**
     * @param counts {@code [units][presentations]}
     * @param byStimulus each stimulus's presentations, from {@link #presentations}
     * @return {@code [stimuli][units][repeats]}, NaN where a stimulus was shown fewer times
     */
    private static Trials byStimulus(double[][] counts, Map<String, List<Integer>> byStimulus,
            java.nio.file.Path scratch) {
        int repeats = byStimulus.values().stream().mapToInt(List::size).max().orElse(0);
        Trials t = Trials.allocate(byStimulus.size(), counts.length, repeats, scratch); // NaN = missing
        int i = 0;
        for (List<Integer> pres : byStimulus.values()) {
            for (int n = 0; n < counts.length; n++) {
                for (int r = 0; r < pres.size(); r++) {
                    t.set(i, n, r, counts[n][pres.get(r)]);
                }
            }
            i++;
        }
        return t;
    }

    private static Group findIntervals(HdfFile h, ResponseOptions opts, Path file) {
        String col = opts.stimulusIdColumn();
        if (opts.intervalsTable() != null) {
            Node n = nodeAt(h, opts.intervalsTable());
            if (!(n instanceof Group g)) {
                throw new InputException(file + ": no intervals table '" + opts.intervalsTable() + "'");
            }
            if (nodeAt(g, col) == null) {
                throw new InputException(file + ": table " + path(g) + " has no column '" + col
                        + "' (columns: " + g.getChildren().keySet() + "); set the stimulus id column option");
            }
            return g;
        }
        List<Group> tables = new ArrayList<>();
        if (nodeAt(h, "intervals/trials") instanceof Group trials) {
            tables.add(trials);
        }
        if (nodeAt(h, "intervals") instanceof Group intervals) {
            for (Node n : intervals) {
                if (n instanceof Group g && !n.getName().equals("trials")) {
                    tables.add(g);
                }
            }
        }
        for (Group g : tables) {
            if (nodeAt(g, col) != null && nodeAt(g, "start_time") != null) {
                return g;
            }
        }
        List<String> seen = tables.stream().map(g -> path(g) + " " + g.getChildren().keySet()).toList();
        throw new InputException(file + ": no trials or intervals table with a '" + col + "' column "
                + (seen.isEmpty() ? "(no tables under /intervals)" : "(found " + String.join("; ", seen) + ")")
                + "; set the stimulus id column or the intervals table option");
    }

    private static Dataset requireDataset(Group g, String name, Path file) {
        if (!(nodeAt(g, name) instanceof Dataset d)) {
            throw new InputException(file + ": " + path(g) + " has no '" + name + "' dataset (has "
                    + g.getChildren().keySet() + ")");
        }
        return d;
    }

    /** jHDF ends group paths with a slash; messages and child paths want none. */
    private static String path(Node n) {
        String p = n.getPath();
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
