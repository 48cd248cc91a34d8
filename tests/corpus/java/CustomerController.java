package com.example.crm;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.persistence.EntityManager;
import javax.persistence.Query;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.view.RedirectView;

@RestController
public class CustomerController {
    private static final Logger LOG = Logger.getLogger("crm");
    private static final Path DOCUMENTS = Paths.get("/srv/crm/documents");
    private static final Map<String, String> SORTS = Map.of("name", "c.name", "created", "c.createdAt");
    private static final boolean LEGACY_EXPORT = false;

    @Autowired private EntityManager em;
    @Autowired private JdbcTemplate jdbc;
    private final RestTemplate rest = new RestTemplate();

    private String byRegion(String region) {
        return "SELECT c FROM Customer c WHERE c.region = '" + region + "'";
    }

    @GetMapping("/customers")
    public List<?> customers(@RequestParam String region, @RequestParam(defaultValue = "name") String sort,
                             @RequestParam int page) {
        // ruleid: sql-injection
        Query q1 = em.createQuery(byRegion(region));
        // ok: sql-injection
        Query q2 = em.createQuery("SELECT c FROM Customer c WHERE c.region = :region").setParameter("region", region);
        String column = SORTS.getOrDefault(sort, "c.name");
        // ok: sql-injection
        Query q3 = em.createQuery("SELECT c FROM Customer c ORDER BY " + "c.name");
        // ok: sql-injection
        Query q4 = em.createNativeQuery("SELECT * FROM customer LIMIT 20 OFFSET " + (page * 20));
        // ruleid: sql-injection
        Query q5 = em.createNativeQuery("SELECT * FROM customer WHERE email = '" + region + "'");
        // ruleid: sql-injection
        jdbc.queryForList("SELECT * FROM customer WHERE region = '" + region + "' ORDER BY name");
        // ok: sql-injection
        jdbc.queryForList("SELECT * FROM customer WHERE region = ?", region);
        return List.of(q1, q2, q3, q4, q5, column);
    }

    @GetMapping("/customers/{id}/document")
    public byte[] document(@PathVariable String id, @RequestParam String file) throws IOException {
        // ruleid: path-traversal
        byte[] raw = Files.readAllBytes(DOCUMENTS.resolve(file));
        // ok: path-traversal
        Path normalised = DOCUMENTS.resolve(file).normalize();
        if (!normalised.startsWith(DOCUMENTS)) {
            throw new SecurityException("outside the document folder");
        }
        // ok: path-traversal
        byte[] checked = Files.readAllBytes(normalised);
        // ok: path-traversal
        byte[] fixed = Files.readAllBytes(DOCUMENTS.resolve("terms.pdf"));
        return raw.length > 0 ? checked : fixed;
    }

    @PostMapping("/customers/{id}/attachments")
    public String attach(@PathVariable String id, MultipartFile upload) throws IOException {
        // ruleid: unrestricted-file-upload
        upload.transferTo(new File("/srv/crm/attachments/" + upload.getOriginalFilename()));
        // ok: unrestricted-file-upload
        upload.transferTo(DOCUMENTS.resolve(UUID.randomUUID() + ".bin"));
        return "stored";
    }

    @GetMapping("/go")
    public RedirectView go(@RequestParam String target) {
        if (target.startsWith("/")) {
            // ok: open-redirect
            return new RedirectView("/dashboard");
        }
        // ruleid: open-redirect
        return new RedirectView(target);
    }

    @GetMapping("/back")
    public String back(@RequestParam String next) {
        // ruleid: open-redirect
        return "redirect:" + next;
    }

    @GetMapping("/home")
    public String home() {
        // ok: open-redirect
        return "redirect:/dashboard";
    }

    @GetMapping("/preview")
    public String preview(@RequestParam String url) {
        // ruleid: server-side-request-forgery
        String body = rest.getForObject(url, String.class);
        // ok: server-side-request-forgery
        String status = rest.getForObject("https://status.example.com/api/v2/status.json", String.class);
        return body + status;
    }

    @PostMapping("/login")
    public String login(@RequestParam String user, @RequestParam String password, HttpSession session,
                        HttpServletResponse response) {
        // ruleid: log-injection
        LOG.info("login attempt for " + user);
        // ok: log-injection
        LOG.info("login attempt for " + user.replaceAll("[\\r\\n]", "_"));
        // ruleid: trust-boundary-violation
        session.setAttribute("user", user);
        // ok: trust-boundary-violation
        session.setAttribute("loginTime", System.currentTimeMillis());
        Cookie cookie = new Cookie("sid", session.getId());
        cookie.setSecure(true);
        // ruleid: insecure-cookie
        cookie.setHttpOnly(false);
        response.addCookie(cookie);
        Cookie theme = new Cookie("theme", "dark");
        theme.setSecure(true);
        // ok: insecure-cookie
        theme.setHttpOnly(true);
        response.addCookie(theme);
        return "ok";
    }

    @GetMapping("/token")
    public String token() {
        // ruleid: weak-random-number-generation
        long resetToken = new Random().nextLong();
        // ok: weak-random-number-generation
        byte[] sessionToken = new byte[32];
        new SecureRandom().nextBytes(sessionToken);
        return Long.toHexString(resetToken) + sessionToken.length;
    }

    @PostMapping("/import")
    public Object importCustomers(InputStream body) throws Exception {
        // ruleid: untrusted-deserialization
        Object imported = new ObjectInputStream(body).readObject();
        return imported;
    }

    @GetMapping("/search")
    public boolean search(@RequestParam String pattern, @RequestParam String name) {
        // ruleid: regular-expression-dos
        boolean a = Pattern.compile(pattern).matcher(name).find();
        // ok: regular-expression-dos
        boolean b = Pattern.compile(Pattern.quote(pattern)).matcher(name).find();
        // ok: regular-expression-dos
        boolean c = Pattern.compile("^[a-z]+$").matcher(name).find();
        return a || b || c;
    }

    public byte[] checksum(byte[] data) throws Exception {
        // ok: insecure-hashing (a checksum, not a security use)
        MessageDigest legacy = MessageDigest.getInstance("MD5");
        // ok: insecure-hashing
        MessageDigest current = MessageDigest.getInstance("SHA-256");
        legacy.update(data);
        return current.digest(data);
    }

    public Cipher cipher(boolean legacy) throws Exception {
        if (LEGACY_EXPORT) {
            // ok: insecure-cryptography
            return Cipher.getInstance("DES/CBC/PKCS5Padding");
        }
        // ok: insecure-cryptography
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    @GetMapping("/admin")
    public String admin(@RequestHeader("X-Api-Key") String apiKey) {
        String expectedApiKey = System.getenv("ADMIN_API_KEY");
        // ruleid: timing-attack
        if (apiKey.equals(expectedApiKey)) {
            return "admin";
        }
        // ok: timing-attack
        if (MessageDigest.isEqual(apiKey.getBytes(), expectedApiKey.getBytes())) {
            return "admin";
        }
        return "denied";
    }

    @PostMapping("/notes")
    public void notes(@RequestBody String note, HttpServletResponse response) throws IOException {
        // ruleid: cross-site-scripting
        response.getWriter().write("<p>" + note + "</p>");
        // ok: cross-site-scripting
        response.getWriter().write("<p>" + org.owasp.encoder.Encode.forHtml(note) + "</p>");
        // ruleid: header-injection
        response.setHeader("X-Note", note);
        // ok: header-injection
        response.setHeader("X-Note-Length", String.valueOf(note.length()));
    }
}
