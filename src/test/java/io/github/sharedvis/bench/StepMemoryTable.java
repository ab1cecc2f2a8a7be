package io.github.sharedvis.bench;

import io.github.sharedvis.pipeline.StepMemory;

/**
 * Prints {@link StepMemory}'s heap estimates (bytes) for {@code benchmarks/scale_table.py}, so that the
 * benchmark's extrapolation uses the shipped formulas, not a copy:
 * {@code java -cp target/classes:target/test-classes io.github.sharedvis.bench.StepMemoryTable n P D q r [heap|mapped] [pixels] [alphas]}
 * ({@code heap}: the responses on the heap, as without a scratch folder; {@code pixels}: H × W of the
 * maps, default 224 × 224; {@code alphas}: the penalties, default 10).
 */
public final class StepMemoryTable {

    private StepMemoryTable() {}

    /** @param args n, P, D, q, r and optionally {@code heap} or {@code mapped}, the map pixels and the penalties */
    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        long p = Long.parseLong(args[1]);
        long d = Long.parseLong(args[2]);
        long q = Long.parseLong(args[3]);
        long r = Long.parseLong(args[4]);
        long alphas = args.length > 7 ? Long.parseLong(args[7]) : 10;
        StepMemory m = StepMemory.of(n, p, d, q, r, alphas);
        long pixels = args.length > 6 ? Long.parseLong(args[6]) : m.mapPixels();
        boolean fileBacked = args.length > 5 ? !args[5].equals("heap") && m.fileBacked() : m.fileBacked();
        m = new StepMemory(n, p, d, d, q, r, m.folds(), alphas, false, pixels, fileBacked);
        System.out.println("extract=" + m.extract() + " fit=" + m.fit() + " explain=" + m.explain() + " responses="
                + m.responses() + " fileBacked=" + m.fileBacked());
    }
}
