package com.example.shop;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import jakarta.websocket.OnMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import javax.ws.rs.DefaultValue;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.persistence.EntityManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

public class OrderServlet extends HttpServlet {
    private static final String BASE = "SELECT id, total FROM orders WHERE ";
    private static final boolean LEGACY_MODE = false;
    private DataSource dataSource;

    private String customerFilter(String customer) {
        return "customer = '" + customer + "'";
    }

    private void runAudit(Connection conn, String sql) throws SQLException {
        Statement st = conn.createStatement();
        // ruleid: java-sql-injection
        st.execute(sql);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String customer = request.getParameter("customer");
        String status = request.getParameter("status");
        try (Connection conn = dataSource.getConnection()) {
            Statement st = conn.createStatement();
            // ruleid: java-sql-injection
            ResultSet rs = st.executeQuery(BASE + customerFilter(customer));

            StringBuilder sql = new StringBuilder("UPDATE orders SET seen = 1 WHERE status = '");
            sql.append(status).append("'");
            // ruleid: java-sql-injection
            st.executeUpdate(sql.toString());

            String byMonth = String.format("SELECT * FROM orders WHERE month = '%s'", request.getHeader("X-Month"));
            // ruleid: java-sql-injection
            PreparedStatement bad = conn.prepareStatement(byMonth);

            // ok: java-sql-injection
            PreparedStatement ps = conn.prepareStatement(BASE + "customer = ?");
            ps.setString(1, customer);
            // ok: java-sql-injection
            ps.executeQuery();

            int limit = Integer.parseInt(request.getParameter("limit"));
            // ok: java-sql-injection
            st.executeQuery(BASE + "1 = 1 LIMIT " + limit);

            String column = "created_at";
            if (LEGACY_MODE) {
                column = request.getParameter("sort");
            }
            // ok: java-sql-injection
            st.executeQuery(BASE + "1 = 1 ORDER BY " + column);

            runAudit(conn, "INSERT INTO audit(msg) VALUES ('" + request.getQueryString() + "')");
            // ok: java-sql-injection
            runAudit(conn, "INSERT INTO audit(msg) VALUES ('order list viewed')");
        } catch (SQLException e) {
            response.sendError(500);
        }
    }
}

@RestController
class ReportController {
    private final JdbcTemplate jdbcTemplate;
    private final EntityManager entityManager;

    ReportController(JdbcTemplate jdbcTemplate, EntityManager entityManager) {
        this.jdbcTemplate = jdbcTemplate;
        this.entityManager = entityManager;
    }

    @GetMapping("/reports/{region}")
    public List<Map<String, Object>> byRegion(@PathVariable String region,
                                              @RequestParam(defaultValue = "10") int top) {
        String where = " WHERE region = '" + region + "'";
        // ruleid: java-sql-injection
        List<Map<String, Object>> rows = jdbcTemplate.queryForList("SELECT * FROM sales" + where);
        // ok: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM sales WHERE region = ?", region);
        // ok: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM sales ORDER BY total DESC LIMIT " + top);
        return rows;
    }

    @GetMapping("/reports/search")
    public List<?> search(@RequestParam("q") String term) {
        // ruleid: java-sql-injection
        List<?> hits = entityManager.createQuery("FROM Sale s WHERE s.note LIKE '%" + term + "%'").getResultList();
        // ok: java-sql-injection
        entityManager.createQuery("FROM Sale s WHERE s.note LIKE :term").setParameter("term", "%" + term + "%");
        return hits;
    }

    private static final java.util.Set<String> REGIONS = java.util.Set.of("emea", "apac", "amer");

    @GetMapping("/reports/region")
    public List<?> region(@RequestParam("region") String region) {
        if (!REGIONS.contains(region)) {
            return List.of();
        }
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM sales WHERE region = '" + region + "'");
    }

    @GetMapping("/reports/region-any")
    public List<?> regionAny(@RequestParam("region") String region) {
        // ruleid: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM sales WHERE region = '" + region + "'");
    }
}

@Path("/customers")
class CustomerResource {
    private DataSource dataSource;

    @GET
    public String find(@QueryParam("name") String name,
                       @DefaultValue("20") @QueryParam("limit") int limit) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            Statement st = conn.createStatement();
            // ruleid: java-sql-injection
            st.executeQuery("SELECT * FROM customers WHERE name = '" + name + "'");
            // ok: java-sql-injection
            st.executeQuery("SELECT * FROM customers LIMIT " + limit);
            return "ok";
        }
    }
}

@Controller("/invoices")
class InvoiceController {
    private JdbcTemplate jdbcTemplate;

    @Get
    public List<?> list(@Header("X-Tenant") String tenant,
                        @QueryValue Integer page) {
        // ruleid: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM invoices WHERE tenant = '" + tenant + "'");
        // ok: java-sql-injection
        return jdbcTemplate.queryForList("SELECT * FROM invoices OFFSET " + page * 50);
    }
}

class ProductHandler {
    private JdbcTemplate jdbcTemplate;

    public Mono<ServerResponse> search(ServerRequest request) {
        String term = request.queryParam("q").orElse("");
        // ruleid: java-sql-injection
        List<?> rows = jdbcTemplate.queryForList("SELECT * FROM products WHERE title LIKE '%" + term + "%'");
        // ok: java-sql-injection
        jdbcTemplate.queryForList("SELECT * FROM products WHERE title LIKE ?", "%" + term + "%");
        return ServerResponse.ok().bodyValue(rows);
    }
}

@ServerEndpoint("/chat/{room}")
class ChatEndpoint {
    private DataSource dataSource;

    @OnMessage
    public void onMessage(String message, Session session) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            // ruleid: java-sql-injection
            conn.createStatement().executeUpdate("INSERT INTO chat(body) VALUES ('" + message + "')");
            PreparedStatement ps = conn.prepareStatement("INSERT INTO chat(body) VALUES (?)");
            ps.setString(1, message);
            // ok: java-sql-injection
            ps.executeUpdate();
        }
    }
}

// A controller and two repositories in one file, each repository with a `find` method: the
// call `this.orders.find(q)` is the method of the field's declared class.
class OrderQueries {
    private final JdbcTemplate jdbc;

    OrderQueries(JdbcTemplate jdbc) { this.jdbc = jdbc; }

    List<Map<String, Object>> find(String term) {
        // ruleid: java-sql-injection
        return jdbc.queryForList("SELECT id FROM orders WHERE note LIKE '%" + term + "%'");
    }
}

class ArchiveQueries {
    private final JdbcTemplate jdbc;

    ArchiveQueries(JdbcTemplate jdbc) { this.jdbc = jdbc; }

    List<Map<String, Object>> find(String term) {
        // ok: java-sql-injection
        return jdbc.queryForList("SELECT id FROM archive WHERE year = " + Integer.parseInt(term));
    }
}

@RestController
class OrderSearchController {
    private final OrderQueries orders;
    private final ArchiveQueries archive;

    OrderSearchController(OrderQueries orders, ArchiveQueries archive) {
        this.orders = orders;
        this.archive = archive;
    }

    @GetMapping("/orders/search")
    List<Map<String, Object>> search(@RequestParam String q) {
        return this.orders.find(q);
    }

    @GetMapping("/archive/search")
    List<Map<String, Object>> searchArchive(@RequestParam("q") String q, ArchiveQueries other) {
        return other.find(q) ;
    }
}

// What a queue or a function trigger delivers comes from another system.
class LedgerListener {
    private final JdbcTemplate jdbc;

    LedgerListener(JdbcTemplate jdbc) { this.jdbc = jdbc; }

    @org.springframework.kafka.annotation.KafkaListener(topics = "ledger")
    void onEntry(org.apache.kafka.clients.consumer.ConsumerRecord<String, String> rec, int partition) {
        String account = rec.value();
        // ruleid: java-sql-injection
        jdbc.update("UPDATE accounts SET touched = now() WHERE ref = '" + account + "'");
        // ok: java-sql-injection
        jdbc.update("UPDATE accounts SET touched = now() WHERE ref = ?", account);
        // ok: java-sql-injection
        jdbc.update("UPDATE partitions SET seen = now() WHERE id = " + partition);
    }

    @RabbitListener(queues = "refunds")
    void onRefund(String body) {
        // ruleid: java-sql-injection
        jdbc.execute("DELETE FROM holds WHERE ref = '" + body + "'");
    }
}

class InboxFunction implements com.amazonaws.services.lambda.runtime.RequestHandler<APIGatewayProxyRequestEvent, String> {
    private final JdbcTemplate jdbc = null;

    public String handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        String folder = event.getQueryStringParameters().get("folder");
        // ruleid: java-sql-injection
        return jdbc.queryForObject("SELECT count(*) FROM inbox WHERE folder = '" + folder + "'", String.class);
    }
}

class RefundQueueListener implements javax.jms.MessageListener {
    private final JdbcTemplate jdbc = null;

    @Override
    public void onMessage(javax.jms.Message message) {
        try {
            String ref = ((javax.jms.TextMessage) message).getText();
            // ruleid: java-sql-injection
            jdbc.execute("UPDATE refunds SET done = true WHERE ref = '" + ref + "'");
        } catch (javax.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }
}

class ResourceReader extends HttpServlet {
    private final JdbcTemplate jdbc = null;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // A try-with-resources variable holds what its initialiser read.
        try (java.io.BufferedReader in = new java.io.BufferedReader(request.getReader())) {
            String line = in.readLine();
            // ruleid: java-sql-injection
            jdbc.execute("DELETE FROM drafts WHERE title = '" + line + "'");
        }
        try (java.io.BufferedReader local = new java.io.BufferedReader(new java.io.StringReader("fixed"))) {
            String line = local.readLine();
            // ok: java-sql-injection
            jdbc.execute("DELETE FROM drafts WHERE title = '" + line + "'");
        }
    }
}
