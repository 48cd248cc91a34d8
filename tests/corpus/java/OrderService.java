package com.example.orders;

import com.thoughtworks.xstream.XStream;
import java.beans.XMLDecoder;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderService {
    private static final Logger log = LoggerFactory.getLogger(OrderService.class);
    private static final Set<String> CARRIERS = Set.of("dhl", "ups", "fedex");
    private static final Map<String, String> STATUS_COLUMNS = Map.of("open", "status_open", "closed", "status_closed");
    private static final String DB_URL = "jdbc:postgresql://db.internal/orders";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ExpressionParser spel = new SpelExpressionParser();

    private Connection connect() throws Exception {
        // ruleid: hardcoded-credentials
        return DriverManager.getConnection(DB_URL, "orders", "Orders#2024!");
    }

    private Connection connectFromEnv() throws Exception {
        // ok: hardcoded-credentials
        return DriverManager.getConnection(DB_URL, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    private String statusClause(String status) {
        return " WHERE status = '" + status + "'";
    }

    @GetMapping("/orders")
    public void orders(@RequestParam String status, @RequestParam String customer, @RequestParam long page) throws Exception {
        try (Connection c = connectFromEnv(); Statement st = c.createStatement()) {
            // ruleid: sql-injection
            st.executeQuery("SELECT * FROM orders" + statusClause(status));
            // ok: sql-injection
            st.executeQuery("SELECT * FROM orders ORDER BY " + STATUS_COLUMNS.getOrDefault(status, "created_at"));
            // ok: sql-injection
            st.executeQuery("SELECT * FROM orders LIMIT 50 OFFSET " + page * 50);
            // ruleid: sql-injection
            PreparedStatement wrong = c.prepareStatement("SELECT * FROM orders WHERE customer = '" + customer + "'");
            // ok: sql-injection
            PreparedStatement right = c.prepareStatement("SELECT * FROM orders WHERE customer = ?");
            right.setString(1, customer);
            wrong.close();
        }
    }

    @PostMapping("/orders/rules")
    public Object discount(@RequestParam String rule) {
        // ruleid: code-injection
        Object value = spel.parseExpression(rule).getValue();
        // ok: code-injection
        Object fixed = spel.parseExpression("T(java.lang.Math).max(1, 2)").getValue();
        return List.of(value, fixed);
    }

    @PostMapping("/orders/label")
    public void label(@RequestParam String carrier, @RequestParam String trackingId) throws IOException {
        // ruleid: os-command-injection
        Runtime.getRuntime().exec("print-label --carrier " + carrier + " --id " + trackingId);
        // ok: os-command-injection
        new ProcessBuilder("print-label", "--carrier", carrier, "--id", trackingId).start();
        if (CARRIERS.contains(carrier)) {
            // ok: os-command-injection
            new ProcessBuilder("print-label", "--carrier", "dhl").start();
        }
        // ruleid: os-command-injection
        new ProcessBuilder("sh", "-c", "print-label --id " + trackingId).start();
    }

    @PostMapping("/orders/import")
    public Object importOrders(@RequestBody String xml, InputStream legacy) {
        XStream xstream = new XStream();
        // ruleid: untrusted-deserialization
        Object orders = xstream.fromXML(xml);
        // ruleid: untrusted-deserialization
        Object old = new XMLDecoder(legacy).readObject();
        // ok: untrusted-deserialization
        Object config = new XMLDecoder(OrderService.class.getResourceAsStream("/defaults.xml")).readObject();
        return List.of(orders, old, config);
    }

    @GetMapping("/orders/track")
    public String track(@RequestParam String url) throws Exception {
        // ruleid: server-side-request-forgery
        HttpRequest any = HttpRequest.newBuilder(URI.create(url)).build();
        // ok: server-side-request-forgery
        HttpRequest fixed = HttpRequest.newBuilder(URI.create("https://tracking.example.com/v1/status")).build();
        return http.send(any, HttpResponse.BodyHandlers.ofString()).body() + http.send(fixed, HttpResponse.BodyHandlers.ofString()).body();
    }

    @PostMapping("/login")
    public void login(HttpServletRequest request, HttpServletResponse response) {
        String user = request.getParameter("user");
        // ruleid: log-injection
        log.info("login for " + user);
        // ok: log-injection
        log.info("login for {}", user.replace('\n', '_').replace('\r', '_'));
        // ruleid: sensitive-information-leak
        log.debug("password was " + request.getParameter("password"));
        // ok: sensitive-information-leak
        log.debug("password length " + request.getParameter("password").length());
        HttpSession session = request.getSession();
        // ruleid: trust-boundary-violation
        session.setAttribute("role", request.getParameter("role"));
        // ok: trust-boundary-violation
        session.setAttribute("role", "customer");
        // ruleid: session-fixation
        // ruleid: insecure-cookie
        Cookie fixation = new Cookie("JSESSIONID", request.getParameter("sid"));
        response.addCookie(fixation);
        Cookie insecure = new Cookie("orders_remember", "1");
        // ruleid: insecure-cookie
        insecure.setSecure(false);
        response.addCookie(insecure);
        Cookie secure = new Cookie("orders_pref", "compact");
        // ok: insecure-cookie
        secure.setSecure(true);
        secure.setHttpOnly(true);
        response.addCookie(secure);
        // ruleid: open-redirect
        response.setHeader("Location", request.getParameter("next"));
        // ok: open-redirect
        response.setHeader("Location", "/orders");
    }

    public String token() {
        // ruleid: weak-random-number-generation
        String orderSecret = Long.toHexString(new java.util.Random().nextLong());
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        // ok: weak-random-number-generation
        String orderToken = java.util.HexFormat.of().formatHex(bytes);
        return orderSecret + orderToken;
    }

    public byte[] crypto(byte[] data, char[] password) throws Exception {
        // ruleid: insecure-hashing
        byte[] legacy = MessageDigest.getInstance("SHA-1").digest(data);
        // ok: insecure-hashing
        byte[] modern = MessageDigest.getInstance("SHA3-256").digest(data);
        // ruleid: insecure-cryptography
        Cipher ecb = Cipher.getInstance("AES/ECB/PKCS5Padding");
        // ok: insecure-cryptography
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        // ruleid: insecure-cryptography
        IvParameterSpec iv = new IvParameterSpec("0000000000000000".getBytes(StandardCharsets.UTF_8));
        // ruleid: insecure-cryptography
        PBEKeySpec spec = new PBEKeySpec(password, "orders-salt".getBytes(StandardCharsets.UTF_8), 310000, 256);
        // ruleid: insecure-cryptography
        java.security.KeyPairGenerator.getInstance("RSA").initialize(1024);
        // ok: insecure-cryptography
        KeyGenerator.getInstance("AES").init(256);
        return ecb == gcm || iv == null || spec == null ? legacy : modern;
    }

    public void temp(byte[] data) throws IOException {
        // ruleid: insecure-temp-file
        File scratch = new File("/tmp/orders-export.csv");
        // ok: insecure-temp-file
        File safe = File.createTempFile("orders", ".csv");
        // ruleid: loose-file-permissions
        safe.setWritable(true, false);
        // ok: loose-file-permissions
        safe.setWritable(true, true);
        scratch.delete();
    }

    @CrossOrigin(origins = "https://shop.example.com")
    @GetMapping("/orders/public")
    public String publicOrders() {
        return "[]";
    }

    public SecurityFilterChain security(HttpSecurity http) throws Exception {
        // ruleid: cross-site-request-forgery
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/**"));
        // ok: cross-site-request-forgery
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/payments"));
        return http.build();
    }
}
