package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.compare.AgreementRow;
import io.github.sharedvis.compare.AgreementSummaryRow;
import io.github.sharedvis.compare.CompareRow;
import io.github.sharedvis.compare.LayerSummaryRow;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.PairRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sharedvis compare} scores the config's own node exactly as {@code sharedvis run} does (its
 * rows equal summary.csv's), compares the maps of the run's own pairs, and reports an unknown node as
 * the user's mistake.
 */
class CompareEquivalenceTest {

    @TempDir
    Path tmp;

    private static CliTestSupport.Result ok(String... args) {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertEquals(0, r.code(), String.join(" ", args) + ": " + r.err());
        return r;
    }

    @Test
    void theRunsOwnNodeScoresAsTheFitStepAndThePairsAreTheRunsPairs() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 4, "method = \"gradient\"");
        Path out = tmp.resolve("out");
        ok("run", cfg.toString(), "--out", out.toString(), "--quiet");
        ok("compare", cfg.toString(), "--out", out.toString(), "--layers", "conv1,pool", "--pairs", "2", "--quiet");
        List<NeuronRow> summary = NeuronRow.TABLE.read(out.resolve("summary.csv"));
        List<CompareRow> rows = CompareRow.TABLE.read(out.resolve("compare/compare.csv"));
        assertEquals(3 * summary.size(), rows.size(), "conv2 (the run's), conv1, pool");
        List<CompareRow> own = rows.stream().filter(r -> r.runLayer() == 1).toList();
        assertEquals(summary.size(), own.size());
        for (int j = 0; j < summary.size(); j++) {
            NeuronRow s = summary.get(j);
            CompareRow c = own.get(j);
            assertEquals("conv2", c.layer());
            assertEquals(s.neuron(), c.neuron());
            assertEquals(s.alpha(), c.alpha(), 0);
            assertEquals(s.rWithinCv(), c.rWithinCv(), 1e-12, s.neuron());
            assertEquals(s.rOoc(), c.rOoc(), 1e-12, s.neuron());
            assertEquals(s.pOoc(), c.pOoc(), 1e-12 * Math.max(1, s.pOoc()));
            assertEquals(s.reliability(), c.reliability(), 1e-12);
            assertEquals(s.r2WithinNorm(), c.r2WithinNorm(), 1e-12);
            assertEquals(s.r2OocNorm(), c.r2OocNorm(), 1e-12);
        }
        // the other nodes are other readouts (the check above could not pass by scoring one node thrice)
        List<CompareRow> conv1 = rows.stream().filter(r -> r.layer().equals("conv1")).toList();
        assertNotEquals(own.get(0).rWithinCv(), conv1.get(0).rWithinCv());
        for (String neuron : summary.stream().map(NeuronRow::neuron).toList()) {
            assertEquals(1, rows.stream().filter(r -> r.neuron().equals(neuron) && r.bestOoc() == 1).count());
            double top = rows.stream().filter(r -> r.neuron().equals(neuron)).mapToDouble(CompareRow::rOoc).max()
                    .orElseThrow();
            assertEquals(top, rows.stream().filter(r -> r.neuron().equals(neuron) && r.bestOoc() == 1).findFirst()
                    .orElseThrow().rOoc(), 0);
        }
        List<LayerSummaryRow> pop = LayerSummaryRow.TABLE.read(out.resolve("compare/compare-summary.csv"));
        assertEquals(3, pop.size());
        assertEquals(summary.size(), pop.stream().mapToInt(LayerSummaryRow::bestOoc).sum());

        // agreement: the run's pairs (ranks 1 and 2), each image, every pair of the 3 nodes
        List<PairRow> pairs = PairRow.TABLE.read(out.resolve("pairs.csv"));
        List<AgreementRow> agreement = AgreementRow.TABLE.read(out.resolve("compare/agreement.csv"));
        assertEquals(pairs.size() * 2 * 3, agreement.size());
        for (PairRow p : pairs) {
            assertTrue(agreement.stream().anyMatch(a -> a.neuron().equals(p.neuron()) && a.rank() == p.rank()
                    && a.oocId().equals(p.oocId()) && a.referenceId().equals(p.referenceId())), p.toString());
        }
        for (AgreementRow a : agreement) {
            assertTrue(a.spearman() >= -1 && a.spearman() <= 1, a.toString());
            assertTrue(a.topOverlap() >= 0 && a.topOverlap() <= 1, a.toString());
        }
        assertEquals(3, AgreementSummaryRow.TABLE.read(out.resolve("compare/agreement-summary.csv")).size());
        for (String f : List.of("compare.png", "compare.svg", "agreement.png", "agreement.svg")) {
            assertTrue(Files.size(out.resolve("compare/figures").resolve(f)) > 1000, f);
        }
    }

    @Test
    void anUnknownNodeIsTheUsersMistakeNamingItAndTheFix() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 3, 2, "");
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = CliTestSupport.run("compare", cfg.toString(), "--out", out.toString(), "--layers",
                "conv1,nosuch", "--quiet");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("'nosuch'") && r.err().contains("sharedvis backbones --model"), r.err());
        assertTrue(r.err().contains("conv1") && r.err().contains("fc"), "lists nodes it has: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        CliTestSupport.Result neg = CliTestSupport.run("compare", cfg.toString(), "--out", out.toString(), "--pairs",
                "-1", "--quiet");
        assertEquals(2, neg.code(), neg.err());
        assertTrue(neg.err().contains("--pairs"), neg.err());
    }
}
