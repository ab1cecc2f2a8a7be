package io.github.sharedvis.data;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Says why a path the user gave cannot be used as the file it should be, for error messages. */
public final class PathProblems {

    private PathProblems() {}

    /**
     * @param p a path that is not a readable regular file (or folder)
     * @param what what it should be ("response file", "image", ...)
     * @return {@code "<p>: <reason>"}: missing, a folder, a broken symbolic link or a link loop, unreadable
     */
    public static String describe(Path p, String what) {
        if (Files.isSymbolicLink(p) && !Files.exists(p)) {
            try {
                p.toRealPath();
            } catch (FileSystemException e) {
                String reason = e.getReason();
                if (reason != null && reason.toLowerCase(java.util.Locale.ROOT).contains("symbolic links")) {
                    return p + ": symbolic link loop (" + reason + ") where a " + what + " should be; "
                            + "point the link at the real " + what;
                }
            } catch (IOException e) {
                // fall through to the dangling-link message
            }
            return p + ": broken symbolic link (its target " + target(p) + " does not exist) where a " + what
                    + " should be; fix the link or give the " + what + " itself";
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            Path parent = p.toAbsolutePath().getParent();
            return p + ": no such " + what + (parent != null && !Files.isDirectory(parent)
                    ? " (its folder " + parent + " does not exist either)" : "");
        }
        if (Files.isDirectory(p)) {
            return p + ": is a folder, not a " + what + "; give the " + what + " inside it";
        }
        if (!Files.isReadable(p)) {
            return p + ": " + what + " is not readable (permissions); make it readable for this user";
        }
        if (!Files.isRegularFile(p)) {
            return p + ": not a regular file (a device, pipe or socket) where a " + what + " should be";
        }
        return p + ": cannot be read as a " + what;
    }

    private static String target(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "?";
        }
    }
}
