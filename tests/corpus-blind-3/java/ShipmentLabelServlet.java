package com.example.shipping.web;

import org.apache.commons.text.StringEscapeUtils;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.servlet.ServletException;
import javax.servlet.annotation.WebServlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Hashtable;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

@WebServlet(urlPatterns = {"/labels/*"})
public class ShipmentLabelServlet extends HttpServlet {
    private static final Logger LOG = Logger.getLogger(ShipmentLabelServlet.class.getName());
    private static final Pattern TRACKING = Pattern.compile("[A-Z]{2}[0-9]{9}[A-Z]{2}");
    private static final Path LABEL_DIR = Paths.get("/var/lib/shipping/labels");
    private static final Map<String, String> CARRIER_API = Map.of(
            "dhl", "https://api.dhl.example.net/track/",
            "ups", "https://api.ups.example.net/v1/track/");
    private static final byte[] FIXED_IV = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RNG = new SecureRandom();
    private static final boolean ALLOW_SELF_SIGNED = false;

    private SecretKey labelKey;
    private Hashtable<String, String> ldapEnv;

    @Override
    public void init() throws ServletException {
        labelKey = new SecretKeySpec(Base64.getDecoder().decode(System.getenv("LABEL_KEY")), "AES");
        ldapEnv = new Hashtable<>();
        ldapEnv.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        ldapEnv.put(Context.PROVIDER_URL, System.getenv("DEPOT_LDAP_URL"));
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String action = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            switch (action) {
                case "/print": print(req, resp); break;
                case "/track": track(req, resp); break;
                case "/depot": depot(req, resp); break;
                case "/preview": preview(req, resp); break;
                default: resp.sendError(HttpServletResponse.SC_NOT_FOUND);
            }
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "label request failed", e);
            resp.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            // ruleid: stack-trace-exposure
            e.printStackTrace(resp.getWriter());
        }
    }

    private void print(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String tracking = req.getParameter("tracking");
        String printer = req.getParameter("printer");
        if (!TRACKING.matcher(tracking).matches()) {
            resp.sendError(400, "bad tracking number");
            return;
        }
        Path label = LABEL_DIR.resolve(tracking + ".zpl");
        // ok: os-command-injection
        Process p = new ProcessBuilder("/usr/bin/lp", "-d", "zebra-01", "--", label.toString()).start();
        p.waitFor();
        if (printer != null) {
            String[] cmd = {"/bin/sh", "-c", "lp -d " + printer + " " + label};
            // ruleid: os-command-injection
            Runtime.getRuntime().exec(cmd).waitFor();
        }
        resp.setStatus(204);
    }

    private void track(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String carrier = req.getParameter("carrier");
        String id = req.getParameter("id");
        String base = CARRIER_API.get(carrier);
        if (base == null || !TRACKING.matcher(id).matches()) {
            resp.sendError(400);
            return;
        }
        // ok: server-side-request-forgery
        HttpURLConnection conn = (HttpURLConnection) new URL(base + id).openConnection();
        conn.setConnectTimeout(3000);
        copy(conn.getInputStream(), resp);
        String hook = req.getParameter("notify");
        if (hook != null) {
            // ruleid: server-side-request-forgery
            HttpURLConnection n = (HttpURLConnection) new URL(hook).openConnection();
            n.setRequestMethod("POST");
            n.getResponseCode();
        }
    }

    private void depot(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String city = req.getParameter("city");
        String zip = req.getParameter("zip");
        DirContext ctx = new InitialDirContext(ldapEnv);
        SearchControls sc = new SearchControls();
        sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
        // ok: ldap-injection
        NamingEnumeration<SearchResult> byZip = ctx.search("ou=depots,dc=example,dc=com", "(&(objectClass=depot)(postalCode={0}))", new Object[]{zip}, sc);
        // ruleid: ldap-injection
        NamingEnumeration<SearchResult> byCity = ctx.search("ou=depots,dc=example,dc=com", "(&(objectClass=depot)(l=" + city + "))", sc);
        resp.setContentType("text/plain");
        PrintWriter w = resp.getWriter();
        while (byZip.hasMore()) w.println(byZip.next().getNameInNamespace());
        while (byCity.hasMore()) w.println(byCity.next().getNameInNamespace());
        ctx.close();
    }

    private void preview(HttpServletRequest req, HttpServletResponse resp) throws Exception {
        String recipient = req.getParameter("recipient");
        String note = req.getParameter("note");
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter w = resp.getWriter();
        // ok: cross-site-scripting
        w.println("<h2>Ship to: " + StringEscapeUtils.escapeHtml4(recipient) + "</h2>");
        // ruleid: cross-site-scripting
        w.printf("<p class=\"note\">%s</p>%n", note);
        ScriptEngine js = new ScriptEngineManager().getEngineByName("javascript");
        String weight = req.getParameter("weight");
        if (weight != null && weight.matches("[0-9]{1,4}(\\.[0-9]{1,3})?( *[*+] *[0-9]{1,4}(\\.[0-9]{1,3})?)*")) {
            // ok: code-injection
            Object kg = js.eval(weight);
            w.println("<p>Weight: " + ((Number) kg).doubleValue() + " kg</p>");
        }
        String dims = req.getParameter("dims");
        if (dims != null) {
            // ruleid: code-injection
            Object vol = js.eval(dims);
            w.println("<p>Volume: " + ((Number) vol).doubleValue() + " cm3</p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String tracking = req.getParameter("tracking");
        String ref = req.getParameter("ref");
        // ruleid: log-injection
        LOG.info("sealing label for reference " + ref);
        if (tracking == null || !TRACKING.matcher(tracking).matches()) {
            resp.sendError(400);
            return;
        }
        // ok: log-injection
        LOG.info("sealing label " + tracking);
        try {
            byte[] iv = new byte[12];
            RNG.nextBytes(iv);
            // ok: insecure-cryptography
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, labelKey, new GCMParameterSpec(128, iv));
            byte[] sealed = gcm.doFinal(Files.readAllBytes(LABEL_DIR.resolve(tracking + ".zpl")));
            Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
            // ruleid: insecure-cryptography
            cbc.init(Cipher.ENCRYPT_MODE, labelKey, new IvParameterSpec(FIXED_IV));
            byte[] legacy = cbc.doFinal(tracking.getBytes(StandardCharsets.UTF_8));
            // ruleid: header-injection
            resp.setHeader("X-Label-Ref", ref);
            resp.setHeader("X-Legacy-Token", Base64.getUrlEncoder().encodeToString(legacy));
            resp.setContentType("application/octet-stream");
            resp.getOutputStream().write(sealed);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "sealing failed", e);
            resp.sendError(500, "sealing failed");
        }
    }

    static SSLContext depotSslContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        if (ALLOW_SELF_SIGNED) {
            TrustManager[] all = {new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) { }
                // ok: improper-certificate-validation
                public void checkServerTrusted(X509Certificate[] c, String a) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }};
            // ok: improper-certificate-validation
            ctx.init(null, all, new SecureRandom());
            return ctx;
        }
        ctx.init(null, null, null);
        return ctx;
    }

    static void relaxHostnames() {
        // ruleid: improper-certificate-validation
        HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);
    }

    private static void copy(InputStream in, HttpServletResponse resp) throws IOException {
        resp.setContentType("application/json");
        try (in) {
            in.transferTo(resp.getOutputStream());
        }
    }
}
