package com.example.portal.api;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

@Path("/credentials")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialResource {

    private static final String JDBC_URL = "jdbc:postgresql://db.internal:5432/identity";
    private static final HexFormat HEX = HexFormat.of();
    private final SecureRandom secureRandom = new SecureRandom();
    private final SecretKey vaultKey;

    public CredentialResource(SecretKey vaultKey) {
        this.vaultKey = vaultKey;
    }

    private Connection legacyConnection() throws Exception {
        // ruleid: hardcoded-credentials
        return DriverManager.getConnection(JDBC_URL, "identity_admin", "Tr0ub4dor&3");
    }

    private Connection connection() throws Exception {
        // ok: hardcoded-credentials
        return DriverManager.getConnection(JDBC_URL, System.getenv("IDENTITY_DB_USER"), System.getenv("IDENTITY_DB_PASSWORD"));
    }

    @POST
    @Path("/legacy-hash")
    public Response legacyHash(@FormParam("password") String password) throws Exception {
        // ruleid: insecure-hashing
        MessageDigest md = java.security.MessageDigest.getInstance("MD5");
        byte[] hash = md.digest(password.getBytes(StandardCharsets.UTF_8));
        try (Connection c = legacyConnection()) {
            return Response.ok("{\"hash\":\"" + HEX.formatHex(hash) + "\"}").build();
        }
    }

    @GET
    @Path("/avatar/{userId}/etag")
    public Response avatarEtag(@PathParam("userId") long userId) throws Exception {
        byte[] avatar = ("avatar-" + userId).getBytes(StandardCharsets.UTF_8);
        // ok: insecure-hashing
        MessageDigest md = MessageDigest.getInstance("MD5");
        return Response.ok().tag(HEX.formatHex(md.digest(avatar))).build();
    }

    @POST
    @Path("/reset-token")
    public Response resetToken(@FormParam("email") String email) {
        // ruleid: weak-random-number-generation
        long raw = new java.util.Random().nextLong();
        byte[] strong = new byte[24];
        // ok: weak-random-number-generation
        secureRandom.nextBytes(strong);
        return Response.ok("{\"legacy\":\"" + Long.toHexString(raw) + "\",\"token\":\"" + HEX.formatHex(strong) + "\"}").build();
    }

    @GET
    @Path("/security-questions")
    public Response securityQuestionOrder() {
        List<String> questions = new ArrayList<>(List.of("pet", "city", "school", "street"));
        // ok: weak-random-number-generation
        Collections.shuffle(questions, ThreadLocalRandom.current());
        return Response.ok(questions).build();
    }

    @POST
    @Path("/vault/legacy")
    public Response sealLegacy(@FormParam("secret") String secret) throws Exception {
        // ruleid: insecure-cryptography
        Cipher c = Cipher.getInstance("DES/ECB/PKCS5Padding");
        c.init(Cipher.ENCRYPT_MODE, vaultKey);
        return Response.ok(HEX.formatHex(c.doFinal(secret.getBytes(StandardCharsets.UTF_8)))).build();
    }

    @POST
    @Path("/vault/default")
    public Response sealDefault(@FormParam("secret") String secret) throws Exception {
        // ruleid: insecure-cryptography
        Cipher c = Cipher.getInstance("AES");
        c.init(Cipher.ENCRYPT_MODE, vaultKey);
        return Response.ok(HEX.formatHex(c.doFinal(secret.getBytes(StandardCharsets.UTF_8)))).build();
    }

    @POST
    @Path("/vault")
    public Response seal(@FormParam("secret") String secret) throws Exception {
        byte[] iv = new byte[12];
        secureRandom.nextBytes(iv);
        // ok: insecure-cryptography
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, vaultKey, new GCMParameterSpec(128, iv));
        return Response.ok(HEX.formatHex(iv) + ":" + HEX.formatHex(c.doFinal(secret.getBytes(StandardCharsets.UTF_8)))).build();
    }

    @POST
    @Path("/session")
    public Response openSession(@CookieParam("device") String device) {
        byte[] sid = new byte[32];
        secureRandom.nextBytes(sid);
        if (device == null) {
            // ruleid: insecure-cookie
            return Response.ok().cookie(new NewCookie("SID", HEX.formatHex(sid))).build();
        }
        // ok: insecure-cookie
        return Response.ok().cookie(new NewCookie("SID", HEX.formatHex(sid), "/", null, null, 3600, true, true)).build();
    }

    static SSLContext trustEverything() throws Exception {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] chain, String authType) { }
                public void checkServerTrusted(X509Certificate[] chain, String authType) { }
                public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        // ruleid: improper-certificate-validation
        ctx.init(null, trustAll, new SecureRandom());
        return ctx;
    }

    static SSLContext trustCorporateCa(KeyStore corporateStore) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(corporateStore);
        SSLContext ctx = SSLContext.getInstance("TLSv1.3");
        // ok: improper-certificate-validation
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    static void relaxHostnames() {
        // ruleid: improper-certificate-validation
        HttpsURLConnection.setDefaultHostnameVerifier((hostname, session) -> true);
    }
}
