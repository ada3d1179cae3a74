package dev.payrail.server.database;

import dev.payrail.server.StartupRefusal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Payrail per embedded data directory, and no embedded PostgreSQL outliving the Payrail that started it.
 * <p>
 * The lock file beside the data directory ({@code pg.lock}) is held with an operating-system lock for as long as
 * this Payrail runs; the system releases it when the process dies, however it dies (SIGKILL, an OOM kill). It also
 * records which postmaster this Payrail started (pid and start time, as PostgreSQL writes them in
 * {@code postmaster.pid}). PostgreSQL does not die with its parent: after a kill, it runs on as an orphan holding
 * the data directory, and the next start would fail on its lock. So a start that gets the lock and finds a live
 * postmaster that the record names, a postgres process, stops it (smart shutdown: its clients died with the old
 * process) before starting its own. A postmaster the record does not name was not started by Payrail, and is
 * never touched: the start refuses in one line instead.
 */
final class DataDirectoryLock implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DataDirectoryLock.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(60);

    /** A postmaster as PostgreSQL identifies it: the first and third lines of {@code postmaster.pid}. */
    record Postmaster(long pid, String startedAt) {
        static Optional<Postmaster> of(List<String> lines) {
            if (lines.size() < 3 || !lines.get(0).strip().matches("\\d+")) {
                return Optional.empty();
            }
            return Optional.of(new Postmaster(Long.parseLong(lines.get(0).strip()), lines.get(2).strip()));
        }

        String record() {
            return pid + "\n" + startedAt + "\n";
        }
    }

    private final Path pgData;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(Path pgData, FileChannel channel, FileLock lock) {
        this.pgData = pgData;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the data directory for this process, stopping the orphaned postmaster of a Payrail that was killed. */
    static DataDirectoryLock take(Path pgData) {
        Path absolute = pgData.toAbsolutePath();
        Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
        try {
            Files.createDirectories(absolute.getParent());
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new StartupRefusal("Another Payrail is running on the data directory " + absolute.getParent()
                        + " (it holds " + lockFile + ")", "Stop it, or give this one its own PAYRAIL_DATA_DIR");
            }
            DataDirectoryLock taken = new DataDirectoryLock(absolute, channel, lock);
            taken.stopOrphanedPostmaster(readRecord(channel));
            return taken;
        } catch (IOException e) {
            throw new UncheckedIOException("could not lock the data directory " + absolute.getParent(), e);
        }
    }

    /** Records the postmaster just started as this Payrail's own, for the next start to recognise after a kill. */
    void recordStartedPostmaster() {
        Postmaster started = running().orElseThrow(() -> new IllegalStateException(
                "embedded PostgreSQL started but wrote no postmaster.pid in " + pgData));
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(started.record().getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("could not record the embedded PostgreSQL in its lock file", e);
        }
    }

    private void stopOrphanedPostmaster(Optional<Postmaster> recorded) {
        Optional<Postmaster> running = running();
        if (running.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(running.get().pid()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return;     // a stale postmaster.pid: PostgreSQL checks this itself and starts
        }
        boolean ours = recorded.equals(running)
                && process.get().info().command().map(command -> command.contains("postgres")).orElse(false);
        if (!ours) {
            throw new StartupRefusal("A PostgreSQL that Payrail did not start (pid " + running.get().pid()
                    + ") is running on " + pgData, "Stop it, or point PAYRAIL_DATA_DIR elsewhere");
        }
        log.warn("The embedded PostgreSQL of a Payrail that was killed is still running (pid {}): stopping it",
                running.get().pid());
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception notStopped) {
            throw new StartupRefusal("The embedded PostgreSQL left by a killed Payrail (pid " + running.get().pid()
                    + ") did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s", "Stop that process, then start again");
        }
    }

    private Optional<Postmaster> running() {
        Path pidFile = pgData.resolve("postmaster.pid");
        try {
            return Files.exists(pidFile) ? Postmaster.of(Files.readAllLines(pidFile, StandardCharsets.US_ASCII)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();    // removed between the check and the read: the postmaster stopped
        }
    }

    private static Optional<Postmaster> readRecord(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(256);
        channel.read(buffer, 0);
        List<String> lines = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).lines().toList();
        return lines.size() == 2 && lines.get(0).matches("\\d+")
                ? Optional.of(new Postmaster(Long.parseLong(lines.get(0)), lines.get(1))) : Optional.empty();
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
