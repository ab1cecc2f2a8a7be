package io.github.sharedvis.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Reads and writes NumPy {@code .npz} archives ({@code np.savez} and {@code np.savez_compressed}):
 * a zip of {@code .npy} members, each named after its variable.
 */
public final class Npz {

    private Npz() {}

    /**
     * Reads every member of an archive.
     *
     * @param file the {@code .npz}
     * @return variable name (member name without {@code .npy}) to its contents, in archive order
     * @throws IOException when the file is not a zip of supported {@code .npy} members
     */
    public static Map<String, Npy.Entry> read(Path file) throws IOException {
        Map<String, Npy.Entry> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            var entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().endsWith(".npy")
                        ? e.getName().substring(0, e.getName().length() - 4) : e.getName();
                try (InputStream in = zip.getInputStream(e)) {
                    out.put(name, Npy.readEntry(in, file + "!" + e.getName()));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a NumPy .npz archive (" + e.getMessage() + ")", e);
        }
        return out;
    }

    /**
     * Writes an archive of float64 arrays and string vectors (compressed).
     *
     * @param file the {@code .npz} to write
     * @param arrays name to {@link Npy.Array} (written as float64) or {@link Npy.Text} (1-D, written as
     *     fixed-width unicode)
     * @throws IOException on write failure
     */
    public static void write(Path file, Map<String, Npy.Entry> arrays) throws IOException {
        try (OutputStream os = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, Npy.Entry> e : arrays.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                if (e.getValue() instanceof Npy.Array a) {
                    Npy.writeFloat64(zip, a.shape(), a.data());
                } else {
                    Npy.Text t = (Npy.Text) e.getValue();
                    if (t.shape().length != 1) {
                        throw new IllegalArgumentException(e.getKey() + ": only 1-D string arrays are written");
                    }
                    Npy.writeText(zip, t.values());
                }
                zip.closeEntry();
            }
        }
    }
}
