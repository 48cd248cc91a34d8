package com.example.billing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.owasp.encoder.Encode;

public class InvoiceExportService {
    private static final Set<String> FORMATS = Set.of("csv", "pdf", "xlsx");
    private static final Map<String, String> COLUMNS = Map.of("date", "issued_at", "total", "amount");
    private static final Path EXPORTS = Paths.get("/srv/billing/exports");
    private final Connection connection;
    private String lastCustomer;

    public InvoiceExportService(Connection connection) {
        this.connection = connection;
    }

    static String customerFilter(String customer) {
        return " WHERE customer = '" + customer + "'";
    }

    static String safeColumn(String requested) {
        return COLUMNS.getOrDefault(requested, "issued_at");
    }

    public void list(HttpServletRequest request, HttpServletResponse response) throws Exception {
        String customer = request.getParameter("customer");
        try (Statement st = connection.createStatement()) {
            // ruleid: sql-injection
            st.executeQuery("SELECT * FROM invoices" + InvoiceExportService.customerFilter(customer));
            // ok: sql-injection
            st.executeQuery("SELECT * FROM invoices ORDER BY " + safeColumn(request.getParameter("sort")));
            List<Integer> ids = List.of(request.getParameter("ids").split(",")).stream()
                .map(Integer::parseInt)
                .collect(Collectors.toList());
            String inList = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
            // ok: sql-injection
            st.executeQuery("SELECT * FROM invoices WHERE id IN (" + inList + ")");
            StringBuilder sql = new StringBuilder("SELECT * FROM invoices WHERE status = '");
            sql.append(request.getParameter("status")).append("'");
            // ruleid: sql-injection
            st.executeQuery(sql.toString());
        }
        this.lastCustomer = customer;
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM invoices WHERE customer = ?")) {
            ps.setString(1, lastCustomer);
            // ok: sql-injection
            ResultSet rs = ps.executeQuery();
            rs.close();
        }
    }

    public void export(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String format = Optional.ofNullable(request.getParameter("format")).orElse("csv");
        if (!FORMATS.contains(format)) {
            response.sendError(400);
            return;
        }
        // ok: path-traversal
        Path file = EXPORTS.resolve("latest." + format);
        Files.copy(file, response.getOutputStream());
        String name = request.getParameter("name");
        // ruleid: path-traversal
        Path named = EXPORTS.resolve(name);
        Files.copy(named, response.getOutputStream());
    }

    public void summary(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String note = request.getParameter("note");
        String label = note.isEmpty() ? "none" : note;
        // ruleid: cross-site-scripting
        response.getWriter().write("<p>" + label + "</p>");
        // ok: cross-site-scripting
        response.getWriter().write("<p>" + Encode.forHtml(label) + "</p>");
        List<String> tags = List.of(request.getParameterValues("tag"));
        String joined = tags.stream().map(Encode::forHtml).collect(Collectors.joining(", "));
        // ok: cross-site-scripting
        response.getWriter().write("<p>" + joined + "</p>");
        // ruleid: header-injection
        response.addHeader("X-Invoice-Note", label);
    }
}
