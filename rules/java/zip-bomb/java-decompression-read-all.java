import java.io.*;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.io.IOUtils;
import org.apache.commons.io.input.BoundedInputStream;

public class Decode {
    byte[] read(InputStream body) throws IOException {
        // ruleid: java-decompression-read-all
        byte[] all = new GZIPInputStream(body).readAllBytes();
        // ok: java-decompression-read-all
        byte[] some = new GZIPInputStream(body).readNBytes(10_000_000);
        return all.length > 0 ? all : some;
    }

    long entries(InputStream upload, Path target) throws IOException {
        long total = 0;
        ZipInputStream zip = new ZipInputStream(upload);
        try {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                // ruleid: java-decompression-read-all
                byte[] content = zip.readAllBytes();
                total += content.length;
            }
        } finally {
            zip.close();
        }
        GZIPInputStream gz = new GZIPInputStream(upload);
        // ruleid: java-decompression-read-all
        byte[] viaCommons = IOUtils.toByteArray(gz);
        // ok: java-decompression-read-all
        byte[] bounded = IOUtils.toByteArray(new BoundedInputStream(gz, 1 << 20));
        // ok: java-decompression-read-all
        byte[] plain = upload.readAllBytes();
        return total + viaCommons.length + bounded.length + plain.length;
    }
}
