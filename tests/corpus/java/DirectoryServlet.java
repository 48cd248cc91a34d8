package com.example.directory;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.mongodb.BasicDBObject;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.net.HttpURLConnection;
import java.net.URL;
import java.security.cert.X509Certificate;
import java.util.Hashtable;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.bson.Document;
import org.dom4j.io.SAXReader;
import org.owasp.encoder.Encode;

public class DirectoryServlet extends HttpServlet {
    private static final String BASE = "ou=people,dc=corp,dc=example";
    private static final Set<String> EXPORTERS = Set.of("CsvExporter", "LdifExporter");
    private DirContext ldap;
    private MongoCollection<Document> audit;
    private org.w3c.dom.Document catalogue;
    private String signingSecret = System.getenv("JWT_SECRET");

    private static String escapeLdap(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '(' || c == ')' || c == '\\' || c == 0) {
                out.append('\\').append(String.format("%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getParameter("name");
        try {
            SearchControls controls = new SearchControls();
            // ruleid: ldap-injection
            ldap.search(BASE, "(&(objectClass=person)(cn=" + name + "))", controls);
            // ok: ldap-injection
            ldap.search(BASE, "(&(objectClass=person)(cn={0}))", new Object[] {name}, controls);
            // ok: ldap-injection
            ldap.search(BASE, "(objectClass=person)", controls);
        } catch (Exception e) {
            response.sendError(500);
        }
        XPath xpath = XPathFactory.newInstance().newXPath();
        try {
            // ruleid: xpath-injection
            String phone = xpath.evaluate("//person[name='" + name + "']/phone", catalogue);
            // ok: xpath-injection
            String count = xpath.evaluate("count(//person)", catalogue);
            int id = Integer.parseInt(request.getParameter("id"));
            // ok: xpath-injection
            String byId = xpath.evaluate("//person[@id=" + id + "]/phone", catalogue);
            response.getWriter().write(Encode.forHtml(phone + count + byId));
        } catch (Exception e) {
            // ruleid: sensitive-information-leak
            e.printStackTrace(response.getWriter());
            // ok: sensitive-information-leak
            log("lookup failed", e);
        }
    }

    public Object lookupResource(HttpServletRequest request) throws Exception {
        InitialContext context = new InitialContext();
        // ruleid: code-injection
        Object resource = context.lookup(request.getParameter("jndi"));
        // ok: code-injection
        Object pool = context.lookup("java:comp/env/jdbc/directory");
        return resource != null ? resource : pool;
    }

    public DirContext anonymousContext(String url) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        // ruleid: improper-authentication
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        // ok: improper-authentication
        env.put(Context.SECURITY_PROTOCOL, "ssl");
        return new InitialDirContext(env);
    }

    public org.w3c.dom.Document parseUpload(InputStream in) throws Exception {
        // ruleid: xml-external-entity
        DocumentBuilderFactory loose = DocumentBuilderFactory.newInstance();
        DocumentBuilder builder = loose.newDocumentBuilder();
        return builder.parse(in);
    }

    public org.w3c.dom.Document parseUploadSafely(InputStream in) throws Exception {
        // ok: xml-external-entity
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(in);
    }

    public void saxImport(InputStream in) throws Exception {
        // ruleid: xml-external-entity
        SAXParserFactory.newInstance().newSAXParser().parse(in, new org.xml.sax.helpers.DefaultHandler());
    }

    public XMLStreamReader stax(String xml) throws Exception {
        // ok: xml-external-entity
        XMLInputFactory factory = XMLInputFactory.newInstance();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return factory.createXMLStreamReader(new StringReader(xml));
    }

    public XMLStreamReader staxLoose(String xml) throws Exception {
        // ruleid: xml-external-entity
        XMLInputFactory factory = XMLInputFactory.newFactory();
        return factory.createXMLStreamReader(new StringReader(xml));
    }

    public org.dom4j.Document dom4j(InputStream in) throws Exception {
        // ruleid: xml-external-entity
        SAXReader reader = new SAXReader();
        return reader.read(in);
    }

    public String subject(HttpServletRequest request) {
        String token = request.getHeader("Authorization").substring(7);
        // ruleid: improper-authentication
        DecodedJWT unverified = JWT.decode(token);
        // ok: improper-authentication
        DecodedJWT verified = JWT.require(Algorithm.HMAC256(signingSecret)).build().verify(token);
        return unverified.getSubject() + verified.getSubject();
    }

    public String issue(String user) {
        // ruleid: improper-authentication
        String debug = Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.NONE, new byte[0]).compact();
        // ok: improper-authentication
        String real = JWT.create().withSubject(user).sign(Algorithm.HMAC512(signingSecret));
        // ruleid: hardcoded-credentials
        String test = JWT.create().withSubject(user).sign(Algorithm.HMAC256("local-dev-secret"));
        return debug + real + test;
    }

    public void auditSearch(HttpServletRequest request) {
        String actor = request.getParameter("actor");
        // ok: nosql-injection
        audit.find(Filters.eq("actor", actor));
        // ruleid: nosql-injection
        audit.find(new BasicDBObject("$where", "this.actor == '" + actor + "'"));
        // ruleid: nosql-injection
        audit.find(Document.parse(request.getParameter("filter")));
        // ok: nosql-injection
        audit.find(Document.parse("{\"actor\": \"system\"}"));
    }

    public Object export(HttpServletRequest request) throws Exception {
        String exporter = request.getParameter("exporter");
        // ruleid: unsafe-reflection
        Class<?> chosen = Class.forName("com.example.directory.export." + exporter);
        Object instance = null;
        if (EXPORTERS.contains(exporter)) {
            // ok: unsafe-reflection
            instance = Class.forName("com.example.directory.export.CsvExporter").getDeclaredConstructor().newInstance();
        }
        // ruleid: unsafe-reflection
        Method m = chosen.getMethod(request.getParameter("method"));
        return m.invoke(instance);
    }

    public void loadNative(HttpServletRequest request) {
        // ruleid: module-injection
        System.loadLibrary(request.getParameter("codec"));
        // ok: module-injection
        System.loadLibrary("ldapcodec");
    }

    public long unzip(InputStream upload) throws IOException {
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(upload)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                // ruleid: zip-bomb
                byte[] all = zip.readAllBytes();
                total += all.length;
            }
        }
        // ruleid: zip-bomb
        byte[] inflated = new GZIPInputStream(upload).readAllBytes();
        // ok: zip-bomb
        byte[] bounded = new GZIPInputStream(upload).readNBytes(1 << 20);
        return total + inflated.length + bounded.length;
    }

    public void insecureTls() throws Exception {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                // ruleid: improper-certificate-validation
                public void checkServerTrusted(X509Certificate[] chain, String authType) {}
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }
        };
        // ruleid: insecure-cryptography
        SSLContext context = SSLContext.getInstance("TLSv1");
        context.init(null, trustAll, null);
        // ok: insecure-cryptography
        SSLContext modern = SSLContext.getInstance("TLSv1.3");
        modern.init(null, null, null);
        // ruleid: improper-certificate-validation
        HostnameVerifier any = (host, session) -> true;
        HttpsURLConnection.setDefaultHostnameVerifier(any);
    }

    public int ping(String host) throws IOException {
        // ruleid: insecure-connection
        HttpURLConnection plain = (HttpURLConnection) new URL("http://directory.corpnet.io/health").openConnection();
        // ok: insecure-connection
        HttpURLConnection tls = (HttpURLConnection) new URL("https://directory.example.com/health").openConnection();
        return plain.getResponseCode() + tls.getResponseCode();
    }

    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String origin = request.getHeader("Origin");
        // ruleid: insecure-cors-policy
        response.setHeader("Access-Control-Allow-Origin", origin);
        // ok: insecure-cors-policy
        response.setHeader("Access-Control-Allow-Origin", "https://portal.example.com");
        String display = request.getParameter("display");
        // ruleid: cross-site-scripting
        response.getWriter().println("<h1>" + display + "</h1>");
        // ok: cross-site-scripting
        response.getWriter().println("<h1>" + Encode.forHtml(display) + "</h1>");
        // ruleid: tainted-format
        response.getWriter().printf(display, "directory");
        // ok: tainted-format
        response.getWriter().printf("%s", display);
    }
}
