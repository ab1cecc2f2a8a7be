package io.github.sharedvis.bench;

import io.github.sharedvis.pipeline.StepMemory;

/**
 * Prints {@link StepMemory}'s heap estimates (bytes) for {@code benchmarks/scale_table.py}, so that the
 * benchmark's extrapolation uses the shipped formulas, not a copy:
 * {@code java -cp target/classes:target/test-classes io.github.sharedvis.bench.StepMemoryTable n P D q r [heap]}
 * ({@code heap}: the responses on the heap, as without a scratch folder).
 */
public final class StepMemoryTable {

    private StepMemoryTable() {}

    /** @param args n, P, D, q, r and optionally {@code heap} */
    public static void main(String[] args) {
        long n = Long.parseLong(args[0]);
        long p = Long.parseLong(args[1]);
        long d = Long.parseLong(args[2]);
        long q = Long.parseLong(args[3]);
        long r = Long.parseLong(args[4]);
        StepMemory m = StepMemory.of(n, p, d, q, r);
        if (args.length > 5 && args[5].equals("heap")) {
            m = new StepMemory(n, p, d, d, q, r, 5, false, 224 * 224, false);
        }
        System.out.println("extract=" + m.extract() + " fit=" + m.fit() + " explain=" + m.explain() + " responses="
                + m.responses() + " fileBacked=" + m.fileBacked());
    }
}
