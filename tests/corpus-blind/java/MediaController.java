package com.example.media;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.CookieValue;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static java.util.Objects.requireNonNull;

@Controller("/media")
public class MediaController {

    private static final File LIBRARY = new File("/srv/media/library");
    private static final boolean TRANSCODE_VIA_SHELL = false;
    private static final Map<String, String> PRESETS = Map.of("web", "-crf 28 -preset fast", "archive", "-crf 18 -preset slow");

    private final DataSource db;

    public MediaController(DataSource db) {
        this.db = requireNonNull(db);
    }

    @Get(uri = "/search", produces = MediaType.APPLICATION_JSON)
    public List<String> search(@QueryValue String tag) throws SQLException {
        try (Connection c = db.getConnection()) {
            // ruleid: sql-injection
            PreparedStatement ps = c.prepareStatement("SELECT title FROM media WHERE tags LIKE '%" + tag + "%'");
            return titles(ps.executeQuery());
        }
    }

    @Get(uri = "/owner/{owner}", produces = MediaType.APPLICATION_JSON)
    public List<String> byOwner(@PathVariable String owner) throws SQLException {
        try (Connection c = db.getConnection()) {
            // ok: sql-injection
            PreparedStatement ps = c.prepareStatement("SELECT title FROM media WHERE owner = ? ORDER BY created DESC");
            ps.setString(1, owner);
            return titles(ps.executeQuery());
        }
    }

    @Post(uri = "/transcode/{name}")
    public HttpResponse<String> transcode(@PathVariable String name, @QueryValue(defaultValue = "web") String preset) throws IOException {
        String args = PRESETS.getOrDefault(preset, PRESETS.get("web"));
        String src = new File(LIBRARY, name).getCanonicalPath();
        // ruleid: os-command-injection
        Process p = new ProcessBuilder("sh", "-c", "ffmpeg -i " + src + " " + args + " /tmp/out.mp4").start();
        return HttpResponse.accepted().body(String.valueOf(p.pid()));
    }

    @Post(uri = "/transcode/v2/{name}")
    public HttpResponse<String> transcodeV2(@PathVariable String name, @QueryValue(defaultValue = "web") String preset) throws IOException {
        String quality = "archive".equals(preset) ? "18" : "28";
        File src = new File(LIBRARY, name).getCanonicalFile();
        if (!src.toPath().startsWith(LIBRARY.toPath())) {
            return HttpResponse.badRequest("bad name");
        }
        if (TRANSCODE_VIA_SHELL) {
            // ok: os-command-injection
            Runtime.getRuntime().exec("sh -c ffmpeg -i " + name);
        }
        // ok: os-command-injection
        Process p = new ProcessBuilder("ffmpeg", "-i", src.getPath(), "-crf", quality, "/tmp/out.mp4").start();
        return HttpResponse.accepted().body(String.valueOf(p.pid()));
    }

    @Get(uri = "/raw", produces = MediaType.APPLICATION_OCTET_STREAM)
    public byte[] raw(@Header("X-Media-Path") String mediaPath) throws IOException {
        // ruleid: path-traversal
        return Files.readAllBytes(new File(LIBRARY, mediaPath).toPath());
    }

    @Get(uri = "/thumb/{id}", produces = "image/jpeg")
    public byte[] thumb(@PathVariable String id) throws IOException {
        UUID parsed = UUID.fromString(id);
        // ok: path-traversal
        return Files.readAllBytes(new File(LIBRARY, "thumbs/" + parsed + ".jpg").toPath());
    }

    @Get(uri = "/preview", produces = MediaType.TEXT_HTML)
    public String preview(@QueryValue String title) {
        if (7 * 6 > 100) {
            // ok: cross-site-scripting
            return "<h1>" + title + "</h1>";
        }
        return "<h1>Preview</h1>";
    }

    @Get(uri = "/caption", produces = MediaType.TEXT_HTML)
    public String caption(@QueryValue String text) {
        // ruleid: cross-site-scripting
        return "<figcaption>" + text + "</figcaption>";
    }

    @Post(uri = "/player-session")
    public HttpResponse<String> playerSession(@CookieValue(value = "player", defaultValue = "") String existing, @Body Map<String, String> body) {
        String sid = UUID.randomUUID().toString();
        if (body.containsKey("embed")) {
            // ruleid: insecure-cookie
            return HttpResponse.ok("embedded").cookie(Cookie.of("player", sid).httpOnly(false));
        }
        // ok: insecure-cookie
        return HttpResponse.ok("ok").cookie(Cookie.of("player", sid).httpOnly(true).secure(true).sameSite(SameSite.Strict));
    }

    private static List<String> titles(ResultSet rs) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        while (rs.next()) {
            out.add(rs.getString("title"));
        }
        return out;
    }
}
