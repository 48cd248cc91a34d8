import java.io.*;
import java.util.zip.GZIPInputStream;

public class Decode {
    byte[] read(InputStream body) throws IOException {
        // ruleid: java-decompression-read-all
        byte[] all = new GZIPInputStream(body).readAllBytes();
        // ok: java-decompression-read-all
        byte[] some = new GZIPInputStream(body).readNBytes(10_000_000);
        return all.length > 0 ? all : some;
    }
}
