package com.acme.reports.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.*;
import jakarta.servlet.http.*;
import org.apache.commons.io.FilenameUtils;
import org.apache.commons.io.IOUtils;
import org.owasp.esapi.ESAPI;
import javax.sql.DataSource;
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.sql.*;
import java.util.*;
import java.util.logging.Level;

@WebServlet("/reports/*") @MultipartConfig(maxFileSize = 20 * 1024 * 1024)
public class ReportArchiveServlet extends HttpServlet {
    private static final org.slf4j.Logger audit = org.slf4j.LoggerFactory.getLogger("reports.audit");
    private static final java.util.logging.Logger out = java.util.logging.Logger.getLogger(ReportArchiveServlet.class.getName());
    private static final Path BASE = Paths.get("/srv/reports/archive");
    private static final File ARCHIVE_DIR = new File("/srv/reports/archive");
    private static final Path INCOMING = Paths.get("/srv/reports/incoming");
    private static final Map<String, String> TEMPLATES = Map.of("q1", "quarterly-q1.pdf", "q2", "quarterly-q2.pdf", "annual", "annual.pdf");
    private static final boolean LEGACY_EXPORT = false;
    private DataSource ds;
    @Override public void init() { ds = (DataSource) getServletContext().getAttribute("reportsDs"); }

    @Override protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String op = Objects.requireNonNullElse(req.getPathInfo(), "/"), name = req.getParameter("name");
        OutputStream os = resp.getOutputStream();
        if (op.equals("/raw")) {
            // ruleid: log-injection
            audit.info("raw download requested name={}", name);
            if (name == null || name.contains("..")) { resp.sendError(400); return; }
            // ruleid: header-injection
            resp.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
            // ruleid: path-traversal
            Files.copy(BASE.resolve(name), os);
        } else if (op.equals("/file")) {
            Path p = BASE.resolve(name).normalize();
            if (!p.startsWith(BASE)) {
                // ok: log-injection
                audit.warn("rejected archive path of length {}", name.length());
                resp.sendError(403); return;
            }
            // ok: log-injection
            audit.info("archive file served: {}", name.replace('\r', '_').replace('\n', '_'));
            // ok: header-injection
            resp.setHeader("Content-Disposition", "attachment; filename=\"" + p.getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
            // ok: path-traversal
            Files.copy(p, os);
        } else if (op.equals("/template")) {
            String key = req.getParameter("key");
            String fileName = TEMPLATES.get(key);
            if (fileName == null) {
                resp.setContentType("text/html;charset=UTF-8");
                // ok: cross-site-scripting
                os.write(("<p>Unknown template " + ESAPI.encoder().encodeForHTML(key) + "</p>").getBytes(StandardCharsets.UTF_8));
                return;
            }
            // ok: path-traversal
            Files.copy(BASE.resolve("templates").resolve(fileName), os);
        } else if (op.equals("/year")) {
            int y = Integer.parseInt(req.getParameter("year"));
            // ok: log-injection
            audit.info("annual export for {}", y);
            // ok: path-traversal
            Files.newInputStream(BASE.resolve("annual-" + y + ".csv")).transferTo(os);
        } else if (op.equals("/blob")) {
            UUID key = UUID.fromString(req.getParameter("id"));
            // ok: log-injection
            out.log(Level.INFO, "blob {0} fetched", key);
            // ok: path-traversal
            Files.copy(BASE.resolve("blobs").resolve(key + ".bin"), os);
        } else if (op.equals("/mine")) {
            // ruleid: path-traversal
            Files.copy(reportPath(req.getRemoteUser(), name), os);
        } else if (op.equals("/shared")) {
            // ok: path-traversal
            Files.copy(safeResolve(BASE.resolve("shared"), name), os);
        } else if (op.equals("/dept")) {
            List<String> parts = List.of("departments", req.getParameter("dept"), "summary.csv");
            // ruleid: path-traversal
            Files.copy(Paths.get("/srv/reports", parts.toArray(new String[0])), os);
        } else if (op.equals("/flat")) {
            // ok: path-traversal
            IOUtils.copy(new FileInputStream(new File(ARCHIVE_DIR, FilenameUtils.getName(name))), os);
        } else if (op.equals("/leaf")) {
            // ok: path-traversal
            Files.copy(BASE.resolve(Paths.get(name).getFileName().toString()), os);
        } else if (op.equals("/legacy")) {
            File f = new File(ARCHIVE_DIR, name);
            if (!f.getPath().startsWith(ARCHIVE_DIR.getPath())) { resp.sendError(403); return; }
            // ruleid: path-traversal
            IOUtils.copy(new FileInputStream(f), os);
        } else if (op.equals("/canonical")) {
            File f = new File(ARCHIVE_DIR, name);
            if (!f.getCanonicalPath().startsWith(ARCHIVE_DIR.getCanonicalPath() + File.separator)) {
                // ruleid: log-injection
                audit.warn("blocked canonical path {}", f.getPath());
                resp.sendError(403); return;
            }
            // ok: path-traversal
            IOUtils.copy(new FileInputStream(f), os);
        } else if (op.equals("/real")) {
            Path real = BASE.resolve(name).toRealPath();
            if (!real.startsWith(BASE.toRealPath())) { resp.sendError(403); return; }
            // ok: path-traversal
            os.write(Files.readAllBytes(real));
        } else if (op.equals("/preview")) {
            // ruleid: os-command-injection
            new ProcessBuilder("sh", "-c", "pdftotext -l 1 /srv/reports/archive/" + name + " -").start().getInputStream().transferTo(os);
        } else if (op.equals("/preview-blob")) {
            Path pdf = BASE.resolve("blobs").resolve(UUID.fromString(req.getParameter("id")) + ".pdf");
            // ok: os-command-injection
            new ProcessBuilder("pdftotext", "-l", "1", pdf.toString(), "-").start().getInputStream().transferTo(os);
        } else {
            Path q = Paths.get(BASE.toString(), name).normalize();
            // ruleid: path-traversal
            os.write(Files.readAllBytes(q));
        }
    }

    @Override protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        Part part = req.getPart("report");
        String submitted = part.getSubmittedFileName(), category = req.getParameter("category");
        // ruleid: log-injection
        audit.info("upload received: " + submitted + " category=" + category);
        if (LEGACY_EXPORT) {
            // ok: path-traversal
            part.write("/srv/reports/legacy/" + submitted);
        }
        if ("true".equals(req.getParameter("keepName"))) {
            // ruleid: path-traversal
            Files.copy(part.getInputStream(), INCOMING.resolve(String.join("/", category, submitted)));
        } else if (FilenameUtils.isExtension(FilenameUtils.getName(submitted), "pdf", "csv")) {
            // ok: path-traversal
            part.write(INCOMING.resolve(FilenameUtils.getName(submitted)).toString());
        }
        String stored = UUID.randomUUID() + ".pdf";
        // ok: path-traversal
        Files.copy(part.getInputStream(), BASE.resolve("blobs").resolve(stored), StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            // ruleid: sql-injection
            st.executeUpdate("INSERT INTO report_index(original_name, category) VALUES ('" + submitted + "', '" + category + "')");
            // ok: sql-injection
            PreparedStatement ps = c.prepareStatement("UPDATE report_index SET blob_id = ? WHERE original_name = ?");
            ps.setString(1, stored); ps.setString(2, submitted); ps.executeUpdate();
        } catch (SQLException e) { throw new ServletException(e); }
        resp.setContentType("text/html;charset=UTF-8");
        // ruleid: cross-site-scripting
        resp.getWriter().println("<p>Stored " + submitted + " in " + category + "</p>");
    }

    @Override protected void doDelete(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("name");
        boolean gone;
        if ("incoming".equals(req.getParameter("area"))) {
            Path target = INCOMING.resolve(name).normalize();
            if (!target.startsWith(INCOMING) || target.equals(INCOMING)) { resp.sendError(403); return; }
            // ok: path-traversal
            gone = Files.deleteIfExists(target);
        } else {
            // ruleid: path-traversal
            gone = new File(ARCHIVE_DIR, name).delete();
        }
        // ruleid: log-injection
        out.log(Level.INFO, "delete requested for {0}", name);
        resp.setStatus(gone ? 204 : 404);
    }

    private Path reportPath(String owner, String name) { return BASE.resolve("users").resolve(owner).resolve(name); }
    private static Path safeResolve(Path root, String name) throws IOException {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root)) throw new IOException("outside of " + root);
        return p;
    }
}
