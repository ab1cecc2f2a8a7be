package io.github.sharedvis.util;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.Reader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the text files users give (configs, manifests, CSV responses) as UTF-8, skipping one leading
 * byte-order mark ({@code EF BB BF}, as spreadsheet programs write) so that it never becomes part of
 * the first key or column name. Malformed UTF-8 is an error, not silently replaced.
 */
public final class Utf8 {

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private Utf8() {}

    /**
     * @param file a text file
     * @return a buffered reader positioned after the byte-order mark, if any
     * @throws IOException when the file cannot be opened
     */
    public static BufferedReader reader(Path file) throws IOException {
        PushbackInputStream in = new PushbackInputStream(Files.newInputStream(file), BOM.length);
        byte[] head = in.readNBytes(BOM.length);
        boolean bom = head.length == BOM.length && head[0] == BOM[0] && head[1] == BOM[1] && head[2] == BOM[2];
        if (!bom && head.length > 0) {
            in.unread(head);
        }
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        Reader decoding = new InputStreamReader(in, dec);
        return new BufferedReader(new FilterReader(decoding) {
            @Override
            public int read(char[] buf, int off, int len) throws IOException {
                try {
                    return super.read(buf, off, len);
                } catch (CharacterCodingException e) {
                    throw notUtf8(file, e);
                }
            }

            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (CharacterCodingException e) {
                    throw notUtf8(file, e);
                }
            }
        });
    }

    private static IOException notUtf8(Path file, CharacterCodingException e) {
        return new IOException(file + ": not UTF-8 text (a malformed byte sequence); save it as UTF-8 "
                + "(spreadsheet programs: \"CSV UTF-8\")", e);
    }

    /**
     * @param file a text file
     * @return its content without a leading byte-order mark
     * @throws IOException when it cannot be read or is not UTF-8
     */
    public static String readString(Path file) throws IOException {
        String s;
        try {
            s = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw notUtf8(file, e);
        }
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }
}
