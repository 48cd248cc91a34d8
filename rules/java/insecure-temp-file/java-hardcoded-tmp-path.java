import java.io.*;
import java.nio.file.*;

public class Export {
    void write() throws Exception {
        // ruleid: java-hardcoded-tmp-path
        FileWriter writer = new FileWriter("/tmp/report.csv");
        // ruleid: java-hardcoded-tmp-path
        Path cache = Paths.get("/var/tmp/cache.json");
        // ok: java-hardcoded-tmp-path
        Path temp = Files.createTempFile("report", ".csv");
        // ok: java-hardcoded-tmp-path
        FileWriter config = new FileWriter("/etc/app/report.csv");
    }
}
