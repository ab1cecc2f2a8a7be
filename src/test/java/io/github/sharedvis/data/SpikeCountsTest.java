package io.github.sharedvis.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** {@link SpikeCounts} against counts done by hand (times are exact in binary, so the edges are exact). */
class SpikeCountsTest {

    // window [0.25, 0.75) s after onsets at 0 s and 2 s
    private static final double[] ONSETS = {0.0, 2.0};
    private static final double[][] SPIKES = {
        // 0.25 starts window 1 (counts), 0.5 inside, 0.75 ends it (does not count), 0.1 before it;
        // 2.25 and 2.5 inside window 2, 2.75 at its end, 3.0 after it
        {0.1, 0.25, 0.5, 0.75, 2.25, 2.5, 2.75, 3.0},
        {}, // a silent unit
        {2.5, 0.3, 2.3, 2.7, 0.74}, // unsorted: 0.3, 0.74 in window 1; 2.3, 2.5, 2.7 in window 2
    };

    @Test
    void countsHalfOpenWindowsAfterEachOnset() {
        double[][] counts = SpikeCounts.inWindows(SPIKES, ONSETS, 0.25, 0.75, false);
        assertArrayEquals(new double[] {2, 2}, counts[0]);
        assertArrayEquals(new double[] {0, 0}, counts[1]);
        assertArrayEquals(new double[] {2, 3}, counts[2]);
    }

    @Test
    void ratesDivideByTheWindowLength() {
        double[][] rates = SpikeCounts.inWindows(SPIKES, ONSETS, 0.25, 0.75, true);
        // width 0.5 s: rate = count / 0.5 = 2 * count spikes/s
        assertArrayEquals(new double[] {4, 4}, rates[0]);
        assertArrayEquals(new double[] {0, 0}, rates[1]);
        assertArrayEquals(new double[] {4, 6}, rates[2]);
    }

    @Test
    void leavesTheSpikeTimesUnsorted() {
        double[][] spikes = {{0.5, 0.3}};
        SpikeCounts.inWindows(spikes, ONSETS, 0.25, 0.75, false);
        assertArrayEquals(new double[] {0.5, 0.3}, spikes[0]);
    }
}
