package app.web;

import java.io.*;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.*;
import java.util.Random;
import javax.crypto.Cipher;
import javax.servlet.http.*;

/** Account pages of a small banking portal: lookup, statements, transfers, profile. */
public class AccountServlet extends HttpServlet {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AccountServlet.class);
    private static final String STATEMENTS = "/srv/statements/";
    private static final boolean LEGACY = false;
    private Connection connection;

    private String ownerClause(String owner) {
        return "SELECT * FROM accounts WHERE owner = '" + owner + "'";
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
        String owner = request.getParameter("owner");
        try {
            Statement statement = connection.createStatement();
            // ruleid: sql-injection
            statement.executeQuery(ownerClause(owner));
            // ruleid: sql-injection
            statement.executeQuery("SELECT * FROM accounts WHERE id = " + request.getParameter("id"));
            PreparedStatement prepared = connection.prepareStatement("SELECT * FROM accounts WHERE owner = ?");
            prepared.setString(1, owner);
            // ok: sql-injection
            prepared.executeQuery();
            int page = Integer.parseInt(request.getParameter("page"));
            // ok: sql-injection
            statement.executeQuery("SELECT * FROM accounts LIMIT 20 OFFSET " + page * 20);
            // ok: sql-injection
            statement.executeQuery("SELECT count(*) FROM accounts");
        } catch (SQLException e) {
            // ruleid: sensitive-information-leak
            e.printStackTrace(response.getWriter());
            // ok: sensitive-information-leak
            log.error("lookup failed", e);
        }
        // ruleid: log-injection
        log.info("statement requested by " + owner);
        // ok: log-injection
        log.info("statement requested by " + owner.replaceAll("[\r\n]", "_"));

        String name = request.getParameter("statement");
        // ruleid: path-traversal
        FileInputStream in = new FileInputStream(STATEMENTS + name);
        // ok: path-traversal
        FileInputStream fixed = new FileInputStream(STATEMENTS + "summary.pdf");

        String greeting = request.getParameter("greeting");
        // ruleid: cross-site-scripting
        response.getWriter().println("<p>" + greeting + "</p>");
        // ok: cross-site-scripting
        response.getWriter().println("<p>Welcome back</p>");

        // ruleid: header-injection
        response.setHeader("X-Statement", name);
        // ok: header-injection
        response.setHeader("X-Statement", java.net.URLEncoder.encode(name, "UTF-8"));

        String next = request.getParameter("next");
        if (LEGACY) {
            response.sendRedirect(next);
        }
        // ruleid: open-redirect
        response.sendRedirect(request.getParameter("continue"));
        // ok: open-redirect
        response.sendRedirect("/accounts");
        in.close();
        fixed.close();
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String tool = request.getParameter("tool");
        // ruleid: os-command-injection
        Runtime.getRuntime().exec("sh -c report " + tool);
        // ok: os-command-injection
        Runtime.getRuntime().exec(new String[] {"report", "--daily"});

        // ruleid: trust-boundary-violation
        request.getSession().setAttribute("role", request.getParameter("role"));
        // ok: trust-boundary-violation
        request.getSession().setAttribute("visits", 1);

        // ruleid: untrusted-deserialization
        Object transfer = new ObjectInputStream(request.getInputStream()).readObject();

        // ruleid: insecure-cookie
        Cookie prefs = new Cookie("prefs", "dark");
        response.addCookie(prefs);
        // ok: insecure-cookie
        Cookie secure = new Cookie("prefs2", "dark");
        secure.setSecure(true);
        secure.setHttpOnly(true);
        response.addCookie(secure);

        // ruleid: session-fixation
        Cookie session = new Cookie("JSESSIONID", request.getParameter("sid"));
        // ok: session-fixation
        Cookie fresh = new Cookie("JSESSIONID", java.util.UUID.randomUUID().toString());

        // ruleid: regular-expression-dos
        boolean matches = "account".matches(request.getParameter("pattern"));
        // ok: regular-expression-dos
        boolean safe = "account".matches(java.util.regex.Pattern.quote(request.getParameter("pattern")));

        // ruleid: tainted-format
        String line = String.format(request.getParameter("format"), owner());
        // ok: tainted-format
        String fine = String.format("%s owes %d", owner(), 3);

        String signature = request.getHeader("X-Signature");
        String expectedSignature = sign(request);
        // ruleid: timing-attack
        if (signature.equals(expectedSignature)) {
            log.info("ok");
        }
        // ok: timing-attack
        if (MessageDigest.isEqual(signature.getBytes(), expectedSignature.getBytes())) {
            log.info("ok");
        }
        String password = request.getParameter("password");
        // ruleid: sensitive-information-leak
        log.info("password reset with " + password);
        log.debug("{} {} {} {} {} {} {}", transfer, session, fresh, matches, safe, line, fine);
    }

    String owner() { return "x"; }

    String sign(HttpServletRequest request) { return "x"; }

    String token() throws Exception {
        // ruleid: weak-random-number-generation
        String resetToken = Long.toHexString(new Random().nextLong());
        byte[] bytes = new byte[32];
        // ok: weak-random-number-generation
        new SecureRandom().nextBytes(bytes);
        // ruleid: insecure-hashing
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        // ok: insecure-hashing
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        // ruleid: insecure-cryptography
        Cipher des = Cipher.getInstance("DES/CBC/PKCS5Padding");
        // ok: insecure-cryptography
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        // ruleid: insecure-cryptography
        javax.crypto.spec.IvParameterSpec iv = new javax.crypto.spec.IvParameterSpec("0000000000000000".getBytes());
        // ok: insecure-cryptography
        javax.crypto.spec.IvParameterSpec random = new javax.crypto.spec.IvParameterSpec(bytes);
        // ruleid: insecure-connection
        java.net.URL feed = new java.net.URL("http://rates.fxdata.io/daily");
        // ok: insecure-connection
        java.net.URL secureFeed = new java.net.URL("https://rates.example.com/daily");
        // ruleid: insecure-temp-file
        FileWriter scratch = new FileWriter("/tmp/rates.csv");
        // ok: insecure-temp-file
        java.nio.file.Path temp = java.nio.file.Files.createTempFile("rates", ".csv");
        return resetToken + md5 + sha + des + gcm + iv + random + feed + secureFeed + scratch + temp;
    }
}
