package com.example.loyalty.web;

import com.example.loyalty.model.WalletSnapshot;
import org.apache.commons.io.serialization.ValidatingObjectInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.*;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.*;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.*;
import java.util.concurrent.ThreadLocalRandom;

@RestController
@RequestMapping("/api/members")
public class LoyaltyMemberController {
    private static final Logger log = LoggerFactory.getLogger(LoyaltyMemberController.class);
    private static final Map<String, String> SORTS = Map.of("points", "points_balance", "joined", "joined_at", "name", "last_name");
    private static final Set<String> PARTNER_RETURN = Set.of("https://shop.example.com/loyalty", "https://travel.example.com/account");
    private static final boolean TRACE_ERRORS = false;
    private static final SecureRandom RNG = new SecureRandom();
    private static final String LEGACY_URL = "jdbc:mysql://legacy-db.internal:3306/loyalty";
    // ruleid: hardcoded-credentials
    private static final String LEGACY_DB_PASSWORD = "Lty!2019-prod#db";
    // ok: hardcoded-credentials
    private static final String PARTNER_TOKEN = System.getenv("LOYALTY_PARTNER_TOKEN");

    private final JdbcTemplate jdbc;
    private final Document tiers;

    public LoyaltyMemberController(JdbcTemplate jdbc) throws Exception {
        this.jdbc = jdbc;
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        this.tiers = f.newDocumentBuilder().parse(new File("/etc/loyalty/tiers.xml"));
    }

    @GetMapping
    public List<Map<String, Object>> list(@RequestParam(defaultValue = "points") String sort, @RequestParam(defaultValue = "") String city) {
        String col = SORTS.getOrDefault(sort, "points_balance");
        // ok: sql-injection
        return jdbc.queryForList("SELECT id, first_name, last_name, points_balance FROM members WHERE city = ? ORDER BY " + col + " DESC", city);
    }

    @GetMapping("/lookup")
    public List<Map<String, Object>> lookup(@RequestParam String email) {
        String where = String.format("email = '%s'", email.trim().toLowerCase(Locale.ROOT));
        // ruleid: sql-injection
        return jdbc.queryForList("SELECT id, first_name, last_name FROM members WHERE " + where);
    }

    @GetMapping("/{id}/history")
    public List<Map<String, Object>> history(@PathVariable long id, @RequestParam(defaultValue = "20") String limit) {
        int n = Integer.parseInt(limit);
        // ok: sql-injection
        return jdbc.queryForList("SELECT kind, points, at FROM point_events WHERE member_id = " + id + " ORDER BY at DESC LIMIT " + n);
    }

    @GetMapping("/legacy/{card}")
    public Map<String, Object> legacyBalance(@PathVariable String card) throws Exception {
        try (Connection conn = DriverManager.getConnection(LEGACY_URL, "loyalty_ro", LEGACY_DB_PASSWORD);
             java.sql.PreparedStatement ps = conn.prepareStatement("SELECT balance FROM cards WHERE card_no = ?")) {
            ps.setString(1, card);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                return Map.of("card", card, "balance", rs.next() ? rs.getLong(1) : 0L);
            }
        }
    }

    @GetMapping("/tiers/{name}")
    public Map<String, Object> tier(@PathVariable String name) throws Exception {
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setXPathVariableResolver(q -> "tier".equals(q.getLocalPart()) ? name : null);
        // ok: xpath-injection
        String min = xp.evaluate("/tiers/tier[@name=$tier]/@min", tiers);
        return Map.of("tier", name, "min", min);
    }

    @GetMapping("/tiers/{name}/perks")
    public List<String> perks(@PathVariable String name, @RequestParam(required = false) String category) throws Exception {
        StringBuilder expr = new StringBuilder("/tiers/tier[@name='").append(name).append("']/perk");
        if (category != null) {
            expr.append("[@category='").append(category).append("']");
        }
        XPath xp = XPathFactory.newInstance().newXPath();
        // ruleid: xpath-injection
        NodeList nodes = (NodeList) xp.evaluate(expr.toString(), tiers, XPathConstants.NODESET);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    @PostMapping(value = "/import", consumes = "application/xml")
    public ResponseEntity<Map<String, Object>> importMembers(@RequestBody byte[] body) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        DocumentBuilder db = dbf.newDocumentBuilder();
        // ruleid: xml-external-entity
        Document doc = db.parse(new ByteArrayInputStream(body));
        int count = doc.getElementsByTagName("member").getLength();
        return ResponseEntity.accepted().body(Map.of("queued", count));
    }

    @PostMapping(value = "/import/validate", consumes = "application/xml")
    public Map<String, Object> validate(@RequestBody String body) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setExpandEntityReferences(false);
        // ok: xml-external-entity
        Document doc = dbf.newDocumentBuilder().parse(new InputSource(new StringReader(body)));
        return Map.of("root", doc.getDocumentElement().getTagName());
    }

    @PostMapping(value = "/wallet/restore", consumes = "application/octet-stream")
    public Map<String, Object> restoreWallet(@RequestBody byte[] blob) throws Exception {
        try (ValidatingObjectInputStream in = new ValidatingObjectInputStream(new ByteArrayInputStream(blob))) {
            in.accept(WalletSnapshot.class, ArrayList.class, String.class, Long.class);
            // ok: untrusted-deserialization
            WalletSnapshot snap = (WalletSnapshot) in.readObject();
            return Map.of("entries", snap.size());
        }
    }

    @PostMapping(value = "/wallet/legacy-restore", consumes = "application/octet-stream")
    public Map<String, Object> legacyRestore(InputStream body) throws Exception {
        ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(body));
        // ruleid: untrusted-deserialization
        Object o = in.readObject();
        return Map.of("type", o.getClass().getSimpleName());
    }

    @PostMapping("/login")
    public ResponseEntity<Map<String, Object>> login(@RequestBody Map<String, String> creds, HttpServletResponse resp) throws Exception {
        String cardNo = creds.getOrDefault("card", "");
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT id, pin_hash FROM members WHERE card_no = ?", cardNo);
        // ruleid: insecure-hashing
        MessageDigest md = MessageDigest.getInstance("MD5");
        String h = HexFormat.of().formatHex(md.digest(creds.getOrDefault("pin", "").getBytes(StandardCharsets.UTF_8)));
        if (rows.isEmpty() || !h.equals(rows.get(0).get("pin_hash"))) {
            // ruleid: log-injection
            log.warn("login failed for card " + cardNo);
            // ok: weak-random-number-generation
            Thread.sleep(ThreadLocalRandom.current().nextLong(100, 400));
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).build();
        }
        byte[] raw = new byte[32];
        RNG.nextBytes(raw);
        Cookie c = new Cookie("LOYALTY_SESSION", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        c.setHttpOnly(true);
        c.setSecure(true);
        c.setPath("/");
        // ok: insecure-cookie
        resp.addCookie(c);
        return ResponseEntity.ok(Map.of("member", rows.get(0).get("id")));
    }

    @PostMapping("/{id}/transfer-code")
    public Map<String, Object> transferCode(@PathVariable long id, HttpServletResponse resp) {
        // ruleid: weak-random-number-generation
        String code = String.format("%08d", new Random().nextInt(100_000_000));
        jdbc.update("UPDATE members SET transfer_code = ? WHERE id = ?", code, id);
        Cookie pending = new Cookie("LOYALTY_TRANSFER", code);
        pending.setPath("/api/members");
        // ruleid: insecure-cookie
        resp.addCookie(pending);
        return Map.of("expiresIn", 900);
    }

    @GetMapping("/partner-return")
    public ResponseEntity<Void> partnerReturn(@RequestParam("to") String to) {
        if (PARTNER_RETURN.contains(to)) {
            // ok: open-redirect
            return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(to)).build();
        }
        URI u = URI.create(to);
        if (u.getHost() != null && u.getHost().endsWith("example.com")) {
            // ruleid: open-redirect
            return ResponseEntity.status(HttpStatus.FOUND).location(u).build();
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create("/loyalty")).build();
    }

    @ExceptionHandler(DataAccessException.class)
    public ResponseEntity<String> onDataError(DataAccessException e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        // ruleid: stack-trace-exposure
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body("Database error:\n" + sw);
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> onError(Exception e) {
        log.error("request failed", e);
        if (TRACE_ERRORS) {
            // ok: stack-trace-exposure
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", e.toString(), "trace", Arrays.toString(e.getStackTrace())));
        }
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", "internal error"));
    }
}
