package io.github.sharedvis.backbone;

import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests of files and settings, for cache keys and provenance. */
public final class Fingerprints {
    private Fingerprints() {}

    /**
     * @param parts strings to digest, in order
     * @return the hex SHA-256 of the parts joined with a separator
     */
    public static String of(String... parts) {
        MessageDigest md = sha256();
        for (String p : parts) {
            md.update(p.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * @param bytes content
     * @return the hex SHA-256 of the bytes
     */
    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /**
     * @param file a file
     * @return the hex SHA-256 of its content, read now ({@link FileDigests#sha256}; through a memo:
     *     {@link FileDigests#digest})
     * @throws IOException when it cannot be read
     */
    public static String fileDigest(Path file) throws IOException {
        return FileDigests.sha256(file);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
