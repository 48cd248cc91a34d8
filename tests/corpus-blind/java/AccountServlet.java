package com.example.portal.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

@WebServlet("/accounts/*")
public class AccountServlet extends HttpServlet {

    private static final Path EXPORT_ROOT = Paths.get("/srv/portal/exports");
    private static final Set<String> ALLOWED_REPORTS = Set.of("usage", "billing", "audit");
    private static final Pattern HOST_PATTERN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9-]{1,63})*");
    private final SecureRandom rng = new SecureRandom();
    private DataSource dataSource;

    @Override
    public void init() throws ServletException {
        dataSource = (DataSource) getServletContext().getAttribute("portalDataSource");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            switch (action) {
                case "/search": search(req, resp); break;
                case "/lookup": lookup(req, resp); break;
                case "/export": export(req, resp); break;
                case "/report": report(req, resp); break;
                case "/ping": ping(req, resp); break;
                case "/greet": greet(req, resp); break;
                case "/continue": continueTo(req, resp); break;
                default: resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (SQLException e) {
            throw new IOException(e);
        }
    }

    private void search(HttpServletRequest req, HttpServletResponse resp) throws SQLException, IOException {
        String email = req.getParameter("email");
        try (Connection conn = dataSource.getConnection(); Statement s = conn.createStatement()) {
            String sql = "SELECT id, display_name FROM accounts WHERE email = '" + email + "'";
            // ruleid: sql-injection
            ResultSet rs = s.executeQuery(sql);
            writeRows(rs, resp);
        }
    }

    private void lookup(HttpServletRequest req, HttpServletResponse resp) throws SQLException, IOException {
        String id = req.getParameter("id");
        try (Connection conn = dataSource.getConnection()) {
            // ok: sql-injection
            PreparedStatement ps = conn.prepareStatement("SELECT id, display_name FROM accounts WHERE id = ?");
            ps.setString(1, id);
            writeRows(ps.executeQuery(), resp);
        }
    }

    private void export(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("file");
        resp.setContentType("text/csv");
        // ruleid: path-traversal
        byte[] data = Files.readAllBytes(EXPORT_ROOT.resolve(name));
        resp.getOutputStream().write(data);
    }

    private void report(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String report = req.getParameter("name");
        if (report == null || !ALLOWED_REPORTS.contains(report)) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        // ok: header-injection
        resp.setHeader("X-Report-Name", report);
        // ok: path-traversal
        byte[] data = Files.readAllBytes(EXPORT_ROOT.resolve(report + ".csv"));
        resp.getOutputStream().write(data);
    }

    private void ping(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String host = req.getParameter("host");
        Runtime r = Runtime.getRuntime();
        // ruleid: os-command-injection
        Process diag = r.exec(new String[] {"/bin/sh", "-c", "ping -c 1 " + host});
        String target = req.getParameter("target");
        if (target == null || !HOST_PATTERN.matcher(target).matches()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST);
            return;
        }
        // ok: os-command-injection
        Process p = r.exec(new String[] {"/usr/bin/ping", "-c", "1", target});
        try {
            resp.getWriter().println("exit=" + p.waitFor() + " diag=" + diag.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void greet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String name = req.getParameter("name");
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        // ruleid: cross-site-scripting
        out.println("<p>Hello, " + name + "</p>");
        // ok: cross-site-scripting
        out.println("<p>Signed in as " + org.apache.commons.text.StringEscapeUtils.escapeHtml4(name) + "</p>");
    }

    private void continueTo(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String next = req.getParameter("next");
        if (req.getParameter("legacy") != null) {
            // ruleid: open-redirect
            resp.sendRedirect(next);
            return;
        }
        // ok: open-redirect
        resp.sendRedirect(req.getContextPath() + "/dashboard");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String user = req.getParameter("username");
        byte[] raw = new byte[32];
        rng.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        if ("/login-legacy".equals(req.getPathInfo())) {
            // ruleid: insecure-cookie
            resp.addCookie(new Cookie("PORTAL_SESSION", token));
            // ruleid: header-injection
            resp.setHeader("X-Logged-In-User", user);
            return;
        }
        Cookie c = new Cookie("PORTAL_SESSION", token);
        c.setSecure(true);
        c.setHttpOnly(true);
        c.setPath("/");
        // ok: insecure-cookie
        resp.addCookie(c);
        // ok: header-injection
        resp.setHeader("X-Logged-In-User", user.replaceAll("[\\r\\n]", ""));
    }

    private void writeRows(ResultSet rs, HttpServletResponse resp) throws SQLException, IOException {
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        while (rs.next()) {
            out.println(rs.getString(1) + "\t" + rs.getString(2));
        }
    }
}
