package com.example.docs;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.multipart.CompletedFileUpload;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;
import jakarta.websocket.server.ServerEndpoint;
import javax.ws.rs.CookieParam;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.MatrixParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.io.FilenameUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

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

@javax.ws.rs.Path("/files")
class FileResource {
    private static final String ROOT = "/srv/files";

    @GET
    public byte[] download(@HeaderParam("X-Tenant") String tenant,
                           @CookieParam("theme") String theme,
                           @HeaderParam("X-Page") long page) throws IOException {
        // ruleid: java-path-traversal
        byte[] data = Files.readAllBytes(Paths.get(ROOT, tenant, "index.json"));
        // ruleid: java-path-traversal
        File css = new File(ROOT + "/themes/" + theme + ".css");
        // ok: java-path-traversal
        File pageFile = new File(ROOT, "page-" + page + ".json");
        return data;
    }

    @GET
    @javax.ws.rs.Path("/matrix")
    public String matrix(@MatrixParam("dir") String dir, @Context HttpHeaders headers) throws IOException {
        // ruleid: java-path-traversal
        Path listing = Paths.get(ROOT, dir);
        // ruleid: java-path-traversal
        File byLang = new File(ROOT, headers.getHeaderString("Accept-Language") + ".txt");
        // ok: java-path-traversal
        File fixed = new File(ROOT, "en.txt");
        return listing.toString() + byLang.length() + fixed.length();
    }
}

@io.micronaut.http.annotation.Controller("/uploads")
class UploadController {
    @io.micronaut.http.annotation.Post(consumes = "multipart/form-data")
    public String upload(@Part("file") CompletedFileUpload file) throws IOException {
        // ruleid: java-path-traversal
        Path target = Paths.get("/srv/uploads", file.getFilename());
        Files.write(target, file.getBytes());
        // ok: java-path-traversal
        Files.write(Paths.get("/srv/uploads", "latest.bin"), file.getBytes());
        return "stored";
    }
}

class ReportHandler {
    Mono<ServerResponse> report(ServerRequest request) throws IOException {
        // ruleid: java-path-traversal
        Path report = REPORTS_DIR.resolve(request.pathVariable("name") + ".csv");
        // ok: java-path-traversal
        Path index = REPORTS_DIR.resolve("index.csv");
        return ServerResponse.ok().bodyValue(Files.readAllBytes(report).length + Files.readAllBytes(index).length);
    }

    private static final Path REPORTS_DIR = Paths.get("/var/app/reports");
}

@ServerEndpoint("/logs/{room}/{day}")
class RoomLogEndpoint {
    @OnOpen
    public void open(Session session, @PathParam("room") String room, @PathParam("day") int day) throws IOException {
        // ruleid: java-path-traversal
        File log = new File("/var/log/rooms/" + room + ".log");
        // ok: java-path-traversal
        File daily = new File("/var/log/rooms/day-" + day + ".log");
        session.getBasicRemote().sendText(log.length() + "/" + daily.length());
    }
}
