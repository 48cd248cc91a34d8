package com.example.docs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

public class DownloadServlet extends HttpServlet {
    private static final String UPLOAD_DIR = "/var/app/uploads";
    private static final Path REPORTS = Paths.get("/var/app/reports");

    private File locate(String name) {
        // ruleid: java-path-traversal
        return new File(UPLOAD_DIR, name);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("file");
        File requested = locate(name);

        // ruleid: java-path-traversal
        try (InputStream in = new FileInputStream(UPLOAD_DIR + "/" + request.getPathInfo())) {
            in.transferTo(response.getOutputStream());
        }

        // ok: java-path-traversal
        File safe = new File(UPLOAD_DIR, FilenameUtils.getName(name));
        // ok: java-path-traversal
        File fixed = new File(UPLOAD_DIR, "index.html");
        // ok: java-path-traversal
        File byId = new File(UPLOAD_DIR, Long.parseLong(request.getParameter("id")) + ".pdf");
        response.setContentLength((int) (requested.length() + safe.length() + fixed.length() + byId.length()));
    }
}

@RestController
class ReportController {
    private static final Path REPORTS = Paths.get("/var/app/reports");

    @GetMapping("/reports/{year}/{name}")
    public byte[] report(@PathVariable String year, @PathVariable String name) throws IOException {
        // ruleid: java-path-traversal
        Path report = Paths.get("/var/app/reports", year, name + ".csv");
        return Files.readAllBytes(report);
    }

    @GetMapping("/reports/latest")
    public byte[] latest(@RequestHeader("X-Tenant") String tenant) throws IOException {
        // ruleid: java-path-traversal
        Path dir = REPORTS.resolve(tenant);
        byte[] body = Files.readAllBytes(dir.resolve("latest.csv"));
        // ok: java-path-traversal
        Files.readAllBytes(REPORTS.resolve("latest.csv"));
        // ok: java-path-traversal
        Path onlyName = Paths.get(tenant).getFileName();
        return body;
    }

    private static final java.util.Set<String> FORMATS = java.util.Set.of("csv", "pdf");

    byte[] export(String format) throws IOException {
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("unknown format");
        }
        // ok: java-path-traversal
        return Files.readAllBytes(REPORTS.resolve("latest." + format));
    }
}
