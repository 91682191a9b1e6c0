package io.leadwire.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Makes sure only one engine (console or {@code serve}) runs on a data dir. The operating
 * system releases the lock when the process dies, even on {@code kill -9}, so a crash never
 * leaves a stale lock behind. The file names the holder so a refused second engine can say who.
 */
final class DataDirLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock.
     *
     * @throws DataDirBusyException naming the process that holds it
     */
    static DataDirLock acquire(Path dataDir, String role) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("engine.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = readHolder(ch);
            ch.close();
            throw new DataDirBusyException(dataDir, holder);
        }
        String me = "pid " + ProcessHandle.current().pid() + " (" + role + ", started " + Instant.now() + ")";
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(me.getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new DataDirLock(ch, lock);
    }

    private static String readHolder(FileChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(512);
        int n = ch.read(buf, 0);
        return n <= 0 ? "another process" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** Another engine holds the data dir. */
    static final class DataDirBusyException extends IOException {
        private static final long serialVersionUID = 1L;

        DataDirBusyException(Path dataDir, String holder) {
            super("data dir " + dataDir + " is in use by " + holder
                    + "; stop that engine first, or pass --data-dir to use another folder");
        }
    }
}
