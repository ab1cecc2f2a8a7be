package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.NeuronRow;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Builds a run directory as the pipeline writes it (the file contract of docs/outputs.md), with generated
 * images, random smooth saliency maps and random scores, so the report can be tested without the pipeline.
 * Optionally takes the images from a folder of real pictures (for looking at the figures).
 */
final class SyntheticRun {

    /** Neuron ids that exercise escaping and file-name sanitising. */
    static final List<String> ODD_IDS = List.of("n01", "N01", "cell 7 (left)", "a/b\\c:d", "<b>x</b> & 'q\"",
            "ñeurona-ü", "..", "CON", "x,y;z");

    final Path dir;
    final List<String> neurons;
    final int pairsPerNeuron;
    final int size;

    private SyntheticRun(Path dir, List<String> neurons, int pairsPerNeuron, int size) {
        this.dir = dir;
        this.neurons = neurons;
        this.pairsPerNeuron = pairsPerNeuron;
        this.size = size;
    }

    /**
     * @param dir run directory to create
     * @param neurons neuron ids
     * @param pairsPerNeuron pairs per neuron
     * @param size image side H = W
     * @param seed random seed
     * @param realImages optional folder of real images (jpg/png) to use instead of generated ones
     */
    static SyntheticRun create(Path dir, List<String> neurons, int pairsPerNeuron, int size, long seed,
            Path realImages) throws IOException {
        Random rnd = new Random(seed);
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("maps"));
        List<Path> real = new ArrayList<>();
        if (realImages != null && Files.isDirectory(realImages)) {
            try (Stream<Path> s = Files.list(realImages)) {
                s.filter(p -> p.toString().matches(".*\\.(jpg|png|jpeg)$")).sorted().forEach(real::add);
            }
        }
        StringWriter summary = new StringWriter();
        StringWriter pairs = new StringWriter();
        try (CSVPrinter sp = new CSVPrinter(summary, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get());
                CSVPrinter pp = new CSVPrinter(pairs, CSVFormat.RFC4180.builder().setRecordSeparator("\n").get())) {
            sp.printRecord(NeuronRow.TABLE.columns());
            pp.printRecord(PairRow.TABLE.columns());
            int stim = 0;
            for (int ni = 0; ni < neurons.size(); ni++) {
                String n = neurons.get(ni);
                int nOoc = 20 + rnd.nextInt(100);
                double rel = ni % 4 == 3 ? Double.NaN : 0.5 + 0.45 * rnd.nextDouble();
                double rw = 0.2 + 0.6 * rnd.nextDouble();
                double ro = -0.1 + 0.7 * rnd.nextDouble();
                double mp = 20 + 20 * rnd.nextDouble();
                double mo = 8 + 10 * rnd.nextDouble();
                sp.printRecord(n, 60 + rnd.nextInt(80), nOoc, fmt(Math.pow(10, -2 + 6 * rnd.nextDouble())), fmt(rw),
                        fmt(ro), fmt(rnd.nextDouble() * 0.05), fmt(rel), fmt(rw * rw / rel), fmt(ro * ro / rel), fmt(mp),
                        fmt(mo));
                for (int k = 1; k <= pairsPerNeuron; k++) {
                    String oocId = "obj_" + (stim++);
                    String refId = "body_" + (stim++);
                    String oocImg = "images/" + oocId + ".png";
                    String refImg = "images/" + refId + ".png";
                    writeImage(dir.resolve(oocImg), rnd, real, size);
                    writeImage(dir.resolve(refImg), rnd, real, size);
                    String mo1 = "maps/" + ni + "_" + k + "_ooc.npy";
                    String mr1 = "maps/" + ni + "_" + k + "_ref.npy";
                    // the reference map is weaker than the ooc map in some rows, to see the shared scale
                    float scale = (float) (1e-3 * (0.5 + rnd.nextDouble()));
                    writeMap(dir.resolve(mo1), rnd, size, scale);
                    writeMap(dir.resolve(mr1), rnd, size, scale * (k % 2 == 0 ? 0.4f : 1f));
                    double oocRec = mo + 25 - 3 * k + 3 * rnd.nextGaussian();
                    double sim = 0.5 + 0.4 * rnd.nextDouble();
                    pp.printRecord(n, k, oocId, "object", oocImg, refId, "body", refImg, fmt(sim),
                            fmt(oocRec), fmt(oocRec * 0.8), fmt(mp + 5 * rnd.nextGaussian()), fmt(mp * 0.9), mo1, mr1,
                            refId + ":" + fmt(sim));
                }
            }
        }
        AtomicFiles.writeString(dir.resolve("summary.csv"), summary.toString());
        AtomicFiles.writeString(dir.resolve("pairs.csv"), pairs.toString());
        ObjectMapper om = new ObjectMapper();
        ObjectNode run = om.createObjectNode();
        ObjectNode config = run.putObject("config");
        config.put("backbone", "tiny_conv");
        config.put("layer", "conv2");
        ObjectNode display = config.putObject("display");
        display.put("reduction", "positive");
        display.put("smoothing_sigma", 1.5);
        run.put("preferred_category", "body");
        AtomicFiles.writeString(dir.resolve("run.json"), om.writerWithDefaultPrettyPrinter().writeValueAsString(run));
        return new SyntheticRun(dir, neurons, pairsPerNeuron, size);
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : Double.toString(v);
    }

    private static void writeImage(Path file, Random rnd, List<Path> real, int size) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        if (!real.isEmpty()) {
            BufferedImage src = ImageIO.read(real.get(rnd.nextInt(real.size())).toFile());
            g.drawImage(src, 0, 0, size, size, null);
        } else {
            g.setPaint(new GradientPaint(0, 0, new Color(rnd.nextInt(0xffffff)), size, size, new Color(rnd.nextInt(0xffffff))));
            g.fillRect(0, 0, size, size);
            for (int i = 0; i < 4; i++) {
                g.setColor(new Color(rnd.nextInt(0xffffff)));
                int w = size / 6 + rnd.nextInt(size / 3);
                if (rnd.nextBoolean()) {
                    g.fillOval(rnd.nextInt(size - w), rnd.nextInt(size - w), w, w);
                } else {
                    g.fillRect(rnd.nextInt(size - w), rnd.nextInt(size - w), w, w / 2 + 2);
                }
            }
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    /** A [3, H, W] map: two Gaussian blobs of signed channel mix plus noise, scaled. */
    private static void writeMap(Path file, Random rnd, int size, float scale) throws IOException {
        float[] m = new float[3 * size * size];
        double[][] blobs = new double[2][];
        for (int b = 0; b < 2; b++) {
            blobs[b] = new double[] {size * (0.2 + 0.6 * rnd.nextDouble()), size * (0.2 + 0.6 * rnd.nextDouble()),
                size * (0.06 + 0.1 * rnd.nextDouble()), b == 0 ? 1 : 0.5};
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    double v = 0;
                    for (double[] bl : blobs) {
                        double dx = x - bl[0];
                        double dy = y - bl[1];
                        v += bl[3] * Math.exp(-(dx * dx + dy * dy) / (2 * bl[2] * bl[2]));
                    }
                    v += 0.15 * rnd.nextGaussian();
                    m[c * size * size + y * size + x] = (float) (scale * v / 3);
                }
            }
        }
        AtomicFiles.write(file, out -> Npy.writeFloat32(out, new long[] {3, size, size}, m));
    }
}
