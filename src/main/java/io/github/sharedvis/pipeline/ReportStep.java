package io.github.sharedvis.pipeline;

import io.github.sharedvis.report.Report;
import io.github.sharedvis.run.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Step 4: the figures and the static HTML report ({@code figures/}, {@code report/}). Depends on
 * {@code [display]}, on every other section too (the report page shows the whole configuration, so
 * any change must redraw it), on the explain step and on the two tables it draws (whose text the
 * explain stamp covers only as long as nobody edits them).
 */
final class ReportStep implements Step {

    @Override
    public String name() {
        return "report";
    }

    @Override
    public List<String> sections() {
        return List.copyOf(ConfigSchema.SECTIONS.keySet());
    }

    @Override
    public List<String> ignoredKeys() {
        return List.of(); // the page shows them all
    }

    @Override
    public List<String> inputDigests(RunContext ctx) throws IOException {
        return List.of(ctx.digests.digest(ctx.out.pairs()), ctx.digests.digest(ctx.out.summary()));
    }

    @Override
    public boolean isDone(RunContext ctx, String stamp) throws IOException {
        return ctx.state.isDone(name(), stamp) && Files.isRegularFile(ctx.out.reportIndex());
    }

    @Override
    public void run(RunContext ctx, String stamp) throws IOException {
        // run.json is written once, after the last step; the report reads the document it will hold
        Report.write(RunFiles.read(ctx.out.root(), RunJsonDocument.of(ctx)));
        ctx.state.markDone(name(), stamp);
    }
}
