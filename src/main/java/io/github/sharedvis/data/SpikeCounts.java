package io.github.sharedvis.data;

import java.util.Arrays;

/**
 * Spike counts in a window after each stimulus onset, as NWB responses are made: a pure function of
 * the spike times, so it can be checked by hand without an HDF5 file.
 */
public final class SpikeCounts {

    private SpikeCounts() {}

    /**
     * Counts the spikes of each unit in {@code [onset + windowStart, onset + windowEnd)} after each
     * onset: a spike exactly at the window's start counts, one exactly at its end does not, so
     * back-to-back windows count every spike once.
     *
     * @param spikeTimes {@code [units][spikes]} spike times in seconds, in any order (not modified)
     * @param onsets {@code [presentations]} stimulus onsets in seconds
     * @param windowStart start of the window after onset, in seconds
     * @param windowEnd end of the window after onset, in seconds (exclusive); after {@code windowStart}
     * @param rates whether to divide by the window's length (spikes/s) instead of counts
     * @return {@code [units][presentations]} counts, or rates in spikes/s
     */
    public static double[][] inWindows(double[][] spikeTimes, double[] onsets, double windowStart, double windowEnd,
            boolean rates) {
        if (!(windowEnd > windowStart)) {
            throw new IllegalArgumentException("spike count window: end (" + windowEnd + " s) must be after start ("
                    + windowStart + " s)");
        }
        double width = windowEnd - windowStart;
        double[][] out = new double[spikeTimes.length][onsets.length];
        for (int n = 0; n < spikeTimes.length; n++) {
            double[] sorted = spikeTimes[n].clone();
            Arrays.sort(sorted);
            for (int p = 0; p < onsets.length; p++) {
                int count = lowerBound(sorted, onsets[p] + windowEnd) - lowerBound(sorted, onsets[p] + windowStart);
                out[n][p] = rates ? count / width : count;
            }
        }
        return out;
    }

    /** The first index whose value is {@code >= x}. */
    private static int lowerBound(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
