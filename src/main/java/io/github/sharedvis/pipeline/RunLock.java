package io.github.sharedvis.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The run directory's lock, {@code DIR/.lock}: one run at a time writes into a run directory. The
 * file is locked with an OS file lock ({@link FileChannel#tryLock()}) for the run's lifetime, so a
 * killed run leaves no stale lock behind (the OS releases it); while held, the file names the process.
 * The file stays (empty) after the run: deleting a lock file on release lets two later runs lock two
 * different files.
 *
 * <p>Runs in one JVM are told apart by the set of directories this JVM holds, checked before the
 * lock file is opened: on POSIX systems closing any channel to a file drops every lock the process
 * holds on it, so a second run in the same JVM must not even open the file. That set is the one piece
 * of static mutable state here; it mirrors the operating system's per-process lock table.
 */
final class RunLock implements AutoCloseable {

    /** The lock file's name inside the run directory (documented in docs/outputs.md). */
    static final String FILE = ".lock";

    private static final Set<Path> HELD_BY_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir the run directory (created if missing)
     * @return the held lock, exclusive: no other run and no shard writes into {@code dir} meanwhile
     * @throws IOException {@code "another run holds DIR (...)"} when another run (in this or another
     *     process) or a shard holds it, or when the directory cannot be created or locked
     */
    static RunLock acquire(Path dir) throws IOException {
        Files.createDirectories(dir);
        return lock(dir.resolve(FILE), dir.toRealPath(), false, false, "another run holds " + dir,
                "wait for it to finish, or give this run another --out");
    }

    /**
     * The lock a shard holds on its run directory: shared with the other shards, exclusive of any
     * whole run (a merge, a fit, a run without {@code --shard}).
     *
     * @param dir the run directory (created if missing)
     * @return the held lock
     * @throws IOException when a whole run holds the directory
     */
    static RunLock acquireShared(Path dir) throws IOException {
        Files.createDirectories(dir);
        return lock(dir.resolve(FILE), dir.toRealPath(), true, false, "a run without --shard holds " + dir,
                "wait for it to finish; shards run beside each other, not beside a whole run");
    }

    /**
     * An exclusive lock on a file of its own, for one part of a run (a shard, the fit that the first
     * finished shard runs for all).
     *
     * @param file the lock file (its folder is created if missing)
     * @param what what the lock guards, for the message ({@code "shard 2/3 of the explain step"})
     * @param wait whether to wait for the holder to finish instead of failing
     * @return the held lock
     * @throws IOException {@code "another process runs WHAT (...)"} when held and not waiting
     */
    static RunLock acquireFile(Path file, String what, boolean wait) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return lock(file, file.toAbsolutePath().normalize(), false, wait, "another process runs " + what,
                "wait for it to finish; a shard is run by one process at a time");
    }

    private static RunLock lock(Path file, Path key, boolean shared, boolean wait, String heldBy, String fix)
            throws IOException {
        if (!HELD_BY_THIS_JVM.add(key)) {
            throw held(heldBy, file, "process " + ProcessHandle.current().pid(), fix);
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock l;
            try {
                l = wait ? ch.lock(0, Long.MAX_VALUE, shared) : ch.tryLock(0, Long.MAX_VALUE, shared);
            } catch (OverlappingFileLockException e) {
                l = null;
            } catch (IOException e) {
                ch.close();
                throw new IOException(file + ": cannot lock the run directory (" + e.getMessage() + ")", e);
            }
            if (l == null) {
                ch.close();
                throw held(heldBy, file, holder(file), fix);
            }
            if (!shared) { // shared holders leave the file alone: it names the exclusive one
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(("process " + ProcessHandle.current().pid() + "\n")
                        .getBytes(StandardCharsets.UTF_8)), 0);
                ch.force(false);
            }
            return new RunLock(key, ch, l);
        } catch (IOException | RuntimeException e) {
            HELD_BY_THIS_JVM.remove(key);
            throw e;
        }
    }

    private static IOException held(String heldBy, Path file, String holder, String fix) {
        return new IOException(heldBy + " (" + (holder.isEmpty() ? "" : holder + "; ") + "lock file " + file + "); "
                + fix);
    }

    private static String holder(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!lock.isShared()) {
                channel.truncate(0);
            }
            lock.release();
        } finally {
            channel.close();
            HELD_BY_THIS_JVM.remove(key);
        }
    }
}
