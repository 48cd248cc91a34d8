import java.nio.file.*;
import java.nio.file.attribute.PosixFilePermissions;

public class Files2 {
    void share(Path path) throws Exception {
        // ruleid: java-world-writable-permissions
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxrwxrwx"));
        // ruleid: java-world-writable-permissions
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw-rw-"));
        // ok: java-world-writable-permissions
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        java.io.File file = path.toFile();
        // ruleid: java-world-writable-permissions
        file.setWritable(true, false);
        // ok: java-world-writable-permissions
        file.setWritable(true, true);
        // ok: java-world-writable-permissions
        file.setReadable(true);
    }
}
