package io.github.sharedvis.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest memo returns exactly the SHA-256 of a file's current bytes (checked against
 * {@link MessageDigest} over the whole file and the FIPS 180-2 test vector), reuses it only while the
 * file's size, times and inode are unchanged and the entry is not racily clean, and ignores a memo file
 * it did not write.
 */
class FileDigestsTest {

    /** An entry recorded a minute after the file's last change: outside the racy margin. */
    private static final Clock LATER = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));

    @TempDir
    Path tmp;

    private static String oracle(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    private FileDigests memo(Clock clock) {
        return FileDigests.memo(tmp.resolve("memo/digests.tsv"), Map.of(), clock);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(tmp.resolve(name), content, StandardCharsets.UTF_8);
    }

    @Test
    void aTrustedEntryIsReusedWithoutReadingTheFile() throws Exception {
        Path f = file("abc.txt", "abc");
        FileDigests first = memo(LATER);
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", first.digest(f));
        assertEquals(1, first.hashed());
        first.save();
        assertTrue(Files.isRegularFile(tmp.resolve("memo/digests.tsv")));

        FileDigests second = memo(LATER);
        assertEquals(oracle(f), second.digest(f));
        assertEquals(oracle(f), second.digest(tmp.resolve("memo/../abc.txt")), "the same file by another name");
        assertEquals(0, second.hashed(), "taken from the memo");
        assertEquals(oracle(f), FileDigests.sha256(f));
    }

    @Test
    void aTouchRehashesAndGivesTheSameDigest() throws Exception {
        Path f = file("a.txt", "same bytes");
        FileDigests first = memo(LATER);
        String d = first.digest(f);
        first.save();
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5_000));
        FileDigests second = memo(LATER);
        assertEquals(d, second.digest(f));
        assertEquals(1, second.hashed(), "a new mtime is not trusted");
    }

    @Test
    void aRewriteWithANewSizeOrMtimeGivesTheNewDigest() throws Exception {
        Path f = file("a.txt", "first");
        FileDigests first = memo(LATER);
        String d = first.digest(f);
        first.save();

        file("a.txt", "first, longer");
        FileDigests second = memo(LATER);
        assertEquals(oracle(f), second.digest(f));
        assertNotEquals(d, second.digest(f));
        second.save();

        FileTime before = Files.getLastModifiedTime(f);
        file("a.txt", "FIRST, LONGER"); // the same size
        Files.setLastModifiedTime(f, FileTime.fromMillis(before.toMillis() + 7_000));
        FileDigests third = memo(LATER);
        assertEquals(oracle(f), third.digest(f));
        assertEquals(1, third.hashed());
    }

    @Test
    void aSameSizeRewriteThatRestoresTheMtimeIsCaughtByTheCtime() throws Exception {
        boolean unix = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
        Path f = file("a.txt", "before");
        FileDigests first = memo(LATER);
        String d = first.digest(f);
        first.save();
        FileTime mtime = Files.getLastModifiedTime(f);
        Thread.sleep(50); // past the file system's timestamp tick, so the ctime moves
        file("a.txt", "after!"); // the same size
        Files.setLastModifiedTime(f, mtime);
        assertEquals(mtime, Files.getLastModifiedTime(f));
        FileDigests second = memo(LATER);
        if (unix) {
            assertEquals(oracle(f), second.digest(f));
            assertNotEquals(d, second.digest(f));
        } else { // the documented way to fool it where the OS gives no ctime
            assertEquals(d, second.digest(f));
        }
    }

    @Test
    void aRacilyCleanEntryIsHashedAgain() throws Exception {
        Path f = file("a.txt", "just written");
        FileDigests first = memo(Clock.systemUTC()); // recorded within the margin of the write
        String d = first.digest(f);
        first.save();
        FileDigests second = memo(LATER);
        assertEquals(d, second.digest(f));
        assertEquals(1, second.hashed(), "an entry recorded right after the file's change is not trusted");
        second.save(); // recorded again, a minute after the change: trusted from now on
        FileDigests third = memo(LATER);
        assertEquals(d, third.digest(f));
        assertEquals(0, third.hashed());
    }

    @Test
    void aCorruptOrForeignMemoIsIgnored() throws Exception {
        Path f = file("a.txt", "content");
        Path memoFile = tmp.resolve("memo/digests.tsv");
        FileDigests first = memo(LATER);
        first.digest(f);
        first.save();
        String valid = Files.readString(memoFile);
        String forged = valid.replaceAll("(?m)^[0-9a-f]{64}\t", "0".repeat(64) + "\t");
        for (String bad : new String[] {
                "not a memo\n",
                valid.substring(0, valid.length() - 20), // cut inside the path: another file's name
                valid.replaceFirst("1: sha256", "2: sha256") + forged.substring(forged.indexOf('\n') + 1),
                valid + "abc\t1\t2\n", // a malformed line
                forged.replace("\t", "\tx"), // numbers that are not
        }) {
            Files.writeString(memoFile, bad);
            FileDigests again = memo(LATER);
            assertEquals(oracle(f), again.digest(f), bad);
            assertEquals(1, again.hashed(), bad);
        }
        Files.writeString(memoFile, valid + "0".repeat(64) + "\t1\t2\t3\t-\t4\t/no\u0000path\n"); // no path here
        FileDigests other = memo(LATER);
        assertEquals(oracle(f), other.digest(f));
        other.digest(file("b.txt", "another"));
        other.save(); // drops the line it cannot name a file by
        assertFalse(Files.readString(memoFile).contains("/no"));
        Files.write(memoFile, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}); // not UTF-8
        FileDigests again = memo(LATER);
        assertEquals(oracle(f), again.digest(f));
        again.save();
        assertTrue(Files.readString(memoFile).startsWith("# sharedvis file digests"), "replaced by a valid memo");
    }

    @Test
    void theSwitchTurnsTheMemoOff() throws Exception {
        Path f = file("a.txt", "content");
        FileDigests on = memo(LATER);
        on.digest(f);
        on.save();
        Path memoFile = tmp.resolve("memo/digests.tsv");
        Files.delete(memoFile);
        FileDigests off = FileDigests.memo(memoFile, Map.of(FileDigests.SWITCH, "off"), LATER);
        assertEquals(oracle(f), off.digest(f));
        assertEquals(oracle(f), off.digest(f));
        assertEquals(2, off.hashed(), "every call reads the file");
        off.save();
        assertFalse(Files.exists(memoFile), "and no memo is written");
        FileDigests none = FileDigests.none();
        none.digest(f);
        none.digest(f);
        assertEquals(2, none.hashed());
    }

    @Test
    void processesSharingTheMemoKeepEachOthersEntries() throws Exception {
        Path a = file("a.txt", "a");
        Path b = file("b.txt", "b");
        FileDigests one = memo(LATER);
        FileDigests two = memo(LATER);
        one.digest(a);
        two.digest(b);
        one.save();
        two.save(); // merges what `one` wrote meanwhile
        FileDigests three = memo(LATER);
        assertEquals(oracle(a), three.digest(a));
        assertEquals(oracle(b), three.digest(b));
        assertEquals(0, three.hashed());
        Files.delete(a);
        three.digest(file("c.txt", "c"));
        three.save();
        assertFalse(Files.readString(tmp.resolve("memo/digests.tsv")).contains("a.txt"), "a gone file's entry goes");
    }

    @Test
    void aMissingFileFailsAsReadingItWould() {
        assertThrows(NoSuchFileException.class, () -> memo(LATER).digest(tmp.resolve("missing.txt")));
    }
}
