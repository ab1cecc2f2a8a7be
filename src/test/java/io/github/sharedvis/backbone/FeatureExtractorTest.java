package io.github.sharedvis.backbone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batched extraction equals per-image features; the cache is reused and never stale. */
class FeatureExtractorTest {

    @TempDir
    Path tmp;

    static final Preprocessing PRE = new Preprocessing(0, 12, 12, true, 1f / 255f, new float[3],
            new float[] {1, 1, 1});

    /** Counts the images a backbone is asked to process. */
    static final class Counting implements Backbone {
        final Backbone inner;
        final String codeVersion;
        final AtomicInteger images = new AtomicInteger();

        Counting(Backbone inner) {
            this(inner, inner.codeVersion());
        }

        /** With another code version but the same fingerprint: isolates the version's part in the key. */
        Counting(Backbone inner, String codeVersion) {
            this.inner = inner;
            this.codeVersion = codeVersion;
        }

        @Override
        public NDArray features(NDArray batch) {
            images.addAndGet((int) batch.getShape().get(0));
            return inner.features(batch);
        }

        @Override
        public NDArray inferenceFeatures(NDArray batch) {
            images.addAndGet((int) batch.getShape().get(0));
            return inner.inferenceFeatures(batch);
        }

        @Override public String name() { return inner.name(); }
        @Override public String layer() { return inner.layer(); }
        @Override public List<LayerInfo> layers() { return inner.layers(); }
        @Override public Pooling pooling() { return inner.pooling(); }
        @Override public Preprocessing preprocessing() { return inner.preprocessing(); }
        @Override public Device device() { return inner.device(); }
        @Override public String fingerprint() { return inner.fingerprint(); }
        @Override public String codeVersion() { return codeVersion; }
        @Override public void close() { inner.close(); }
    }

    private List<Path> images(int n) throws IOException {
        List<Path> out = new ArrayList<>();
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(16 + i, 14, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, rnd.nextInt(1 << 24));
                }
            }
            Path p = tmp.resolve("img" + i + ".png");
            ImageIO.write(img, "png", p.toFile());
            out.add(p);
        }
        return out;
    }

    private TorchScriptBackbone open(Pooling pooling) throws IOException {
        return TorchScriptBackbone.builder(TorchOracle.SMALL.resolve("tiny_conv/model.pt")).layer("conv2")
                .pooling(pooling).preprocessing(PRE).build();
    }

    @Test
    void batchedEqualsOneByOneAndCacheIsReused() throws IOException {
        List<Path> imgs = images(7);
        Path cache = tmp.resolve("cache");
        try (Counting bb = new Counting(open(Pooling.AVERAGE)); NDManager m = NDManager.newBaseManager()) {
            float[][] first = FeatureExtractor.builder(bb).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(9, bb.images.get(), "7 images in 3 passes of exactly 3 (the last padded)");
            for (int i = 0; i < imgs.size(); i++) {
                float[] px = PRE.apply(ImageDecoder.read(imgs.get(i)));
                NDArray one = Gradients.noGrad(bb.inner, m.create(px, new Shape(1, 3, 12, 12)));
                assertArrayEquals(one.toFloatArray(), first[i], 1e-6f, "image " + i);
            }
            float[][] second = FeatureExtractor.builder(bb).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(9, bb.images.get(), "second run reads the cache");
            for (int i = 0; i < 7; i++) {
                assertArrayEquals(first[i], second[i]);
            }

            // a changed image is recomputed, and only that one
            BufferedImage changed = new BufferedImage(16, 14, BufferedImage.TYPE_INT_RGB);
            ImageIO.write(changed, "png", imgs.get(0).toFile());
            float[][] third = FeatureExtractor.builder(bb).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(12, bb.images.get(), "one pass for the one changed image");
            assertNotEquals(first[0][0], third[0][0]);
            // recomputed alone, its features are the bits a clean extraction of all images gives
            float[][] clean = FeatureExtractor.builder(bb).batchSize(3).cacheDir(tmp.resolve("fresh")).build()
                    .extract(imgs);
            for (int i = 0; i < 7; i++) {
                assertArrayEquals(clean[i], third[i], "image " + i);
            }
            int afterClean = bb.images.get();

            // a damaged entry is recomputed, not trusted
            try (var files = Files.walk(cache)) {
                Path entry = files.filter(p -> p.toString().endsWith(".f32")).findFirst().orElseThrow();
                Files.write(entry, new byte[] {0, 0, 0, 9, 1, 2});
            }
            FeatureExtractor.builder(bb).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(afterClean + 3, bb.images.get());
        }
        // a different setting (pooling) never reads the other setting's entries
        try (Counting flat = new Counting(open(Pooling.NONE))) {
            float[][] f = FeatureExtractor.builder(flat).cacheDir(cache).build().extract(imgs);
            assertEquals(16, flat.images.get(), "one pass of the default 16");
            assertEquals(6 * 6 * 6, f[0].length);
        }
    }

    /**
     * With the batches decoded on a background thread, every image's features are the bits of its
     * batch as the extractor always formed it (decoded and preprocessed on the caller's thread, the
     * short last batch padded with zeros), computed here directly.
     */
    @Test
    void prefetchedBatchesGiveTheBitsOfTheBatchFormedDirectly() throws IOException {
        List<Path> imgs = images(8);
        int batch = 3;
        try (TorchScriptBackbone bb = open(Pooling.AVERAGE); NDManager m = NDManager.newBaseManager()) {
            float[][] got = FeatureExtractor.builder(bb).batchSize(batch).build().extract(imgs);
            int plane = 3 * 12 * 12;
            for (int s = 0; s < imgs.size(); s += batch) {
                float[] x = new float[batch * plane];
                for (int k = s; k < Math.min(imgs.size(), s + batch); k++) {
                    System.arraycopy(PRE.apply(ImageDecoder.read(imgs.get(k))), 0, x, (k - s) * plane, plane);
                }
                float[] f = bb.inferenceFeatures(m.create(x, new Shape(batch, 3, 12, 12))).toFloatArray();
                int d = f.length / batch;
                for (int k = s; k < Math.min(imgs.size(), s + batch); k++) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(f, (k - s) * d, (k - s + 1) * d), got[k],
                            "image " + k + " (exact bits)");
                }
            }
        }
    }

    /** A damaged file in a later batch fails the extraction naming it, and the decoding thread ends. */
    @Test
    void aDamagedFileFailsNamingItAndTheDecoderStops() throws Exception {
        List<Path> imgs = images(9);
        Files.write(imgs.get(7), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        try (TorchScriptBackbone bb = open(Pooling.AVERAGE)) {
            IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                    () -> FeatureExtractor.builder(bb).batchSize(2).build().extract(imgs));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(imgs.get(7).toString()), e.getMessage());
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (decoderAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        org.junit.jupiter.api.Assertions.assertFalse(decoderAlive(), "the decoding thread is still running");
    }

    private static boolean decoderAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().equals("sharedvis-decode"));
    }

    /**
     * Features that an older feature path wrote are not served after its code version changes: the
     * entries are made recognisable (as if the old importer had computed other values), the same
     * version is served them, a bumped version recomputes the true features.
     */
    @Test
    void aChangedCodeVersionIsNotServedEntriesTheOldOneWrote() throws IOException {
        List<Path> imgs = images(3);
        Path cache = tmp.resolve("versioned");
        float[][] truth;
        try (Counting old = new Counting(open(Pooling.AVERAGE), "importer-1")) {
            truth = FeatureExtractor.builder(old).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(3, old.images.get());
            int d = truth[0].length;
            List<Path> entries;
            try (var files = Files.walk(cache)) {
                entries = files.filter(p -> p.toString().endsWith(".f32")).toList();
            }
            assertEquals(3, entries.size());
            for (Path e : entries) {
                ByteBuffer buf = ByteBuffer.allocate(4 + 4 * d);
                buf.putInt(d); // the entry format: big-endian length, little-endian floats
                buf.order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < d; i++) {
                    buf.putFloat(42f);
                }
                Files.write(e, buf.array());
            }
            float[][] served = FeatureExtractor.builder(old).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(3, old.images.get(), "the same code version reads its entries");
            assertEquals(42f, served[1][0], "and is served what is in them");
        }
        try (Counting fixed = new Counting(open(Pooling.AVERAGE), "importer-2")) {
            float[][] got = FeatureExtractor.builder(fixed).batchSize(3).cacheDir(cache).build().extract(imgs);
            assertEquals(3, fixed.images.get(), "a bumped code version recomputes every image");
            for (int i = 0; i < imgs.size(); i++) {
                assertArrayEquals(truth[i], got[i], "image " + i + ": not the old version's entry");
            }
        }
    }

    /** The code version is part of the backbone's own fingerprint too, so run stamps change with it. */
    @Test
    void torchScriptFingerprintCoversItsCodeVersion() throws IOException {
        try (TorchScriptBackbone a = open(Pooling.AVERAGE)) {
            assertEquals(TorchScriptBackbone.CODE_VERSION, a.codeVersion());
            String withoutCode = Fingerprints.of(Fingerprints.fileDigest(TorchOracle.SMALL.resolve("tiny_conv/model.pt")),
                    "torchscript", "layer=conv2", "pool=" + Pooling.AVERAGE, PRE.key());
            assertNotEquals(withoutCode, a.fingerprint());
        }
    }

    @Test
    void fingerprintCoversLayerPoolingPreprocessing() throws IOException {
        try (TorchScriptBackbone a = open(Pooling.AVERAGE); TorchScriptBackbone b = open(Pooling.NONE);
                TorchScriptBackbone c = TorchScriptBackbone.builder(TorchOracle.SMALL.resolve("tiny_conv/model.pt"))
                        .layer("conv1").pooling(Pooling.AVERAGE).preprocessing(PRE).build();
                TorchScriptBackbone d = TorchScriptBackbone.builder(TorchOracle.SMALL.resolve("tiny_conv/model.pt"))
                        .layer("conv2").pooling(Pooling.AVERAGE).preprocessing(new Preprocessing(0, 12, 12, true,
                                1f, new float[3], new float[] {1, 1, 1})).build();
                TorchScriptBackbone same = open(Pooling.AVERAGE)) {
            assertEquals(a.fingerprint(), same.fingerprint());
            assertNotEquals(a.fingerprint(), b.fingerprint());
            assertNotEquals(a.fingerprint(), c.fingerprint());
            assertNotEquals(a.fingerprint(), d.fingerprint());
        }
    }
}
