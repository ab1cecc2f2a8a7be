package io.github.sharedvis.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a demo run directory and its report, for looking at the figures by eye:
 * {@code java -cp ... io.github.sharedvis.report.ReportDemo OUT_DIR [NEURONS]}. Uses the real
 * images of ../shared/data/kriegeskorte92 when present, generated ones otherwise.
 */
public final class ReportDemo {

    private ReportDemo() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "build/report-demo");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        List<String> ids = new ArrayList<>(SyntheticRun.ODD_IDS);
        for (int i = ids.size(); i < count; i++) {
            ids.add(String.format("unit_%03d", i));
        }
        ids = ids.subList(0, Math.min(count, ids.size()));
        Path real = Path.of("../shared/data/kriegeskorte92/images");
        SyntheticRun.create(out, ids, 4, 224, 7, Files.isDirectory(real) ? real : null);
        long t0 = System.nanoTime();
        Report.write(out);
        System.out.printf("report of %d neurons (%d pairs) written to %s in %.2f s%n", ids.size(), 4 * ids.size(),
                out.toAbsolutePath(), (System.nanoTime() - t0) / 1e9);
    }
}
