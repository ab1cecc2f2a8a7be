package io.github.sharedvis.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * Turns what a file-format library throws on damaged bytes into a user error naming the file. A
 * runtime exception counts as the file's fault only when it was thrown inside one of the parsing
 * libraries (jHDF, MFL, Commons CSV/IO), reached through the JDK; an exception from sharedvis's own
 * code stays an internal error, so a bug is never reported as a bad file.
 */
final class ParseErrors {

    private static final String[] LIBRARIES = {"io.jhdf.", "us.hebi.matlab.", "org.apache.commons.csv.",
        "org.apache.commons.io."};

    private ParseErrors() {}

    /**
     * @param file the file being read
     * @param what what it should be ("HDF5 response file", "CSV manifest")
     * @param e what the reader threw
     * @return the user error to throw instead
     * @throws RuntimeException {@code e} itself when it is not the file's fault
     */
    static IOException translate(Path file, String what, RuntimeException e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            IOException cause = u.getCause();
            if (cause.getMessage() != null && cause.getMessage().contains(file.toString())) {
                return cause;
            }
            return new IOException(file + ": damaged " + what + " (" + cause.getMessage() + "); check the file, "
                    + "e.g. for an unclosed quote, or replace it with a complete copy", cause);
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().contains(file.toString())) {
            throw e; // already a user error naming the file
        }
        if (!fromLibrary(e)) {
            throw e;
        }
        return new IOException(file + ": damaged or unreadable " + what + " (" + e.getClass().getSimpleName() + ": "
                + e.getMessage() + "); replace it with a complete copy", e);
    }

    private static boolean fromLibrary(Throwable e) {
        for (StackTraceElement f : e.getStackTrace()) {
            String c = f.getClassName();
            if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                continue;
            }
            for (String lib : LIBRARIES) {
                if (c.startsWith(lib)) {
                    return true;
                }
            }
            return false;
        }
        return false;
    }
}
