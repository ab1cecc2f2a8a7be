package io.github.sharedvis.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One file format of recorded responses. {@link ResponseReader} holds the list of them and picks one
 * by extension, or by the file's first bytes when the extension names none.
 */
interface ResponseFormat {

    /** @return the lower-case extensions, without the dot, this format is chosen for */
    List<String> extensions();

    /**
     * Whether a file whose extension names no format is in this one. Asked in the order of
     * {@link ResponseReader}'s list, so a format may assume the earlier ones said no.
     *
     * @param file the file
     * @param head its first (up to) 8 bytes
     * @return whether this format reads it
     * @throws IOException when the file cannot be read
     */
    boolean recognises(Path file, byte[] head) throws IOException;

    /**
     * @param file the file
     * @param opts where the responses are in it
     * @return the responses, not yet checked for infinite values
     * @throws IOException when the file cannot be read
     */
    Responses read(Path file, ResponseOptions opts) throws IOException;
}
