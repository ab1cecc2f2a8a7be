package io.github.sharedvis.bench;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What writing the explain step's maps costs by itself: 600 maps of {@code [3, 192, 192]} float32 (the
 * explain benchmark's 300 pairs) written as the step writes them ({@link AtomicFiles#write} of
 * {@link Npy#writeFloat32}), a plain {@link Files#write} of the same bytes, and the encoding alone;
 * interleaved per repetition. Usage: {@code java -cp ... io.github.sharedvis.bench.MapWriteBench DIR [reps=3]}
 * (DIR is filled and left; delete it).
 */
public final class MapWriteBench {

    private MapWriteBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        long[] shape = {3, 192, 192};
        float[] map = new float[3 * 192 * 192];
        for (int i = 0; i < map.length; i++) {
            map[i] = (float) Math.sin(i);
        }
        for (int r = 1; r <= reps; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 600; i++) {
                AtomicFiles.write(dir.resolve("atomic/n" + i / 10).resolve(String.format(Locale.ROOT, "%02d_ooc.npy", i % 10)),
                        o -> Npy.writeFloat32(o, shape, map));
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < 600; i++) {
                Path f = dir.resolve("plain/n" + i / 10).resolve(String.format(Locale.ROOT, "%02d_ooc.npy", i % 10));
                Files.createDirectories(f.getParent());
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                Npy.writeFloat32(b, shape, map);
                Files.write(f, b.toByteArray());
            }
            long t2 = System.nanoTime();
            for (int i = 0; i < 600; i++) {
                Npy.writeFloat32(new ByteArrayOutputStream(), shape, map);
            }
            long t3 = System.nanoTime();
            System.out.printf(Locale.ROOT, "rep %d: 600 maps atomically %.2f s, plain Files.write %.2f s, encoding only %.2f s%n",
                    r, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9);
        }
    }
}
