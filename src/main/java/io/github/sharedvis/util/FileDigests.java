package io.github.sharedvis.util;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * SHA-256 digests of files ({@link #sha256(Path)}, the one place a file's bytes are hashed), with an
 * optional memo that reuses a file's digest while the file system says the file is unchanged, so an
 * up-to-date re-run does not read every image, weight shard and response file again.
 *
 * <p><b>What the memo trusts.</b> A recorded digest is reused only when the file's absolute path,
 * size, last-modified time (at the full precision the file system keeps), status-change time
 * ({@code ctime}) and file key (device and inode) all equal the recorded ones, and the entry was
 * recorded at least {@link #RACY_MARGIN} after the later of the two times: git's "racily clean" rule.
 * A file written within the timestamp granularity of being hashed could change without its times
 * changing, so such an entry is hashed again (and re-recorded, trusted from then on). Anything else
 * (a missing entry, another size, time or inode) reads the file. Where the file system offers no
 * {@code ctime} or inode (not on Linux or macOS), those parts are left out.
 *
 * <p><b>The one way it can be fooled:</b> a rewrite that keeps the size and then restores the
 * modification time. On Linux and macOS the {@code ctime} catches that (no user program can set
 * it; npm, for one, unpacks every file with the same 1985 modification time, so size and mtime alone
 * would not do), which leaves setting the system clock back between the rewrite and the restore, or a
 * file system that does not maintain {@code ctime}. When that matters, turn the memo off: the
 * environment variable {@value #SWITCH}{@code =off}.
 *
 * <p><b>Sharing.</b> The memo file is text (a header, then one line per file); it is read once, on
 * first use, and written by {@link #save()} atomically ({@link AtomicFiles}) and only when an entry
 * was added. A missing, corrupt or foreign memo file is ignored as a whole (every file is hashed).
 * Processes sharing one memo file (the shards of a run) each merge what is on disk when they save;
 * one may drop another's new entries, which costs a re-hash later, never a wrong digest.
 *
 * <p>Thread-safe. Costs one {@code stat} per file and the memo's own read (about 200 bytes per file).
 */
public final class FileDigests {

    /** The environment variable that turns the memo off ({@code off}); anything else leaves it on. */
    public static final String SWITCH = "SHAREDVIS_DIGEST_MEMO";

    /**
     * How long after the file's last change an entry must have been recorded to be trusted: above
     * the coarsest common timestamp granularity (2 s on FAT) and a little clock skew between this
     * machine and a network file server.
     */
    public static final Duration RACY_MARGIN = Duration.ofSeconds(3);

    private static final String HEADER = "# sharedvis file digests 1: sha256 size mtime-ns ctime-ns file-key recorded-ns path";
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

    /** What a {@code stat} tells about a file; {@code ctime} is {@link Long#MIN_VALUE} and {@code key} "-" where unknown. */
    private record Stat(long size, long mtime, long ctime, String key) {
        long changed() {
            return Math.max(mtime, ctime);
        }

        /** Field by field: a record's generated equals costs a bootstrap at start-up, on every run. */
        boolean same(Stat o) {
            return size == o.size && mtime == o.mtime && ctime == o.ctime && key.equals(o.key);
        }
    }

    private record Entry(String digest, Stat stat, long recorded) {}

    private final Path memoFile;
    private final Clock clock;
    private final long marginNanos;
    private Map<String, Entry> loaded;
    private final Map<String, Entry> added = new LinkedHashMap<>();
    private int hashed;

    private FileDigests(Path memoFile, Clock clock, Duration margin) {
        this.memoFile = memoFile;
        this.clock = clock;
        this.marginNanos = margin.toNanos();
    }

    /** @return digests without a memo: every call reads the file */
    public static FileDigests none() {
        return new FileDigests(null, Clock.systemUTC(), RACY_MARGIN);
    }

    /**
     * @param memoFile where the memo is kept (read on first use, written by {@link #save()})
     * @param env the environment ({@code System.getenv()}): {@value #SWITCH}{@code =off} turns the memo off
     * @return digests through that memo
     */
    public static FileDigests memo(Path memoFile, Map<String, String> env) {
        return memo(memoFile, env, Clock.systemUTC());
    }

    /**
     * @param memoFile where the memo is kept
     * @param env the environment
     * @param clock the clock that dates entries (for the racily-clean rule)
     * @return digests through that memo
     */
    static FileDigests memo(Path memoFile, Map<String, String> env, Clock clock) {
        boolean off = "off".equalsIgnoreCase(env.getOrDefault(SWITCH, "").trim());
        return new FileDigests(off ? null : memoFile, clock, RACY_MARGIN);
    }

    /**
     * @param file a file
     * @return the hex SHA-256 of its content, from the memo where it is trusted (see the class comment)
     * @throws IOException when it cannot be read
     */
    public String digest(Path file) throws IOException {
        if (memoFile == null) {
            return hash(file);
        }
        Path abs = file.toAbsolutePath().normalize();
        String key = abs.toString();
        if (key.indexOf('\t') >= 0 || key.indexOf('\n') >= 0 || key.indexOf('\r') >= 0) {
            return hash(file); // the memo's lines could not hold its name
        }
        long now = nanos(clock.instant()); // before the stat: a change after it is dated later
        Stat before = stat(abs);
        Entry e = lookup(key);
        if (e != null && e.stat().same(before) && e.recorded() - before.changed() >= marginNanos) {
            return e.digest();
        }
        String d = hash(abs);
        if (stat(abs).same(before)) { // not changed while it was read
            synchronized (this) {
                added.put(key, new Entry(d, before, now));
            }
        }
        return d;
    }

    /** @return how many files this instance has read (digests not taken from the memo) */
    public synchronized int hashed() {
        return hashed;
    }

    /**
     * Writes the memo when this instance added entries: the entries on disk now (another process's
     * included), less those whose file is gone, with this instance's over them. A failure to write is
     * ignored (the memo only saves time; the next run hashes again).
     */
    public synchronized void save() {
        if (memoFile == null || added.isEmpty()) {
            return;
        }
        Map<String, Entry> merged = new LinkedHashMap<>(read(memoFile));
        merged.keySet().removeIf(p -> added.containsKey(p) || gone(p));
        merged.putAll(added);
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        merged.forEach((p, e) -> sb.append(e.digest()).append('\t').append(e.stat().size()).append('\t')
                .append(e.stat().mtime()).append('\t').append(e.stat().ctime()).append('\t').append(e.stat().key())
                .append('\t').append(e.recorded()).append('\t').append(p).append('\n'));
        try {
            AtomicFiles.writeString(memoFile, sb.toString());
            loaded = merged;
            added.clear();
        } catch (IOException e) {
            // an unwritable memo costs time, never correctness
        }
    }

    private static boolean gone(String path) {
        try {
            return !Files.exists(Path.of(path));
        } catch (RuntimeException e) { // not a path here (a foreign line): dropped
            return true;
        }
    }

    private synchronized Entry lookup(String key) {
        if (loaded == null) {
            loaded = read(memoFile);
        }
        Entry e = added.get(key);
        return e != null ? e : loaded.get(key);
    }

    /** @return the memo's entries, or none when it is missing, unreadable, corrupt or not a memo */
    private static Map<String, Entry> read(Path memo) {
        Map<String, Entry> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(memo, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(r.readLine())) {
                return Map.of();
            }
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split("\t", 7);
                if (f.length != 7 || !isHex64(f[0])) { // a path that is not absolute never matches a lookup
                    return Map.of();
                }
                out.put(f[6], new Entry(f[0], new Stat(Long.parseLong(f[1]), Long.parseLong(f[2]),
                        Long.parseLong(f[3]), f[4]), Long.parseLong(f[5])));
            }
        } catch (IOException | RuntimeException e) { // missing, unreadable, not UTF-8, a bad number
            return Map.of();
        }
        return out;
    }

    private static boolean isHex64(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static Stat stat(Path file) throws IOException {
        if (UNIX) {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,dev,ino");
            return new Stat((Long) a.get("size"), nanos((FileTime) a.get("lastModifiedTime")),
                    nanos((FileTime) a.get("ctime")), a.get("dev") + ":" + a.get("ino"));
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        Object key = a.fileKey();
        String k = key == null ? "-" : key.toString().replaceAll("[\t\r\n]", " ");
        return new Stat(a.size(), nanos(a.lastModifiedTime()), Long.MIN_VALUE, k);
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private String hash(Path file) throws IOException {
        synchronized (this) {
            hashed++;
        }
        return sha256(file);
    }

    /**
     * @param file a file
     * @return the hex SHA-256 of its content, read now
     * @throws IOException when it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
