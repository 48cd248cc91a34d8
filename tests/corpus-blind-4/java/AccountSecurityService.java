package com.fabrikam.identity.account;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.apache.commons.codec.digest.DigestUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.stereotype.Service;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

@Service
public class AccountSecurityService {

    private static final Logger log = LoggerFactory.getLogger(AccountSecurityService.class);

    // ruleid: hardcoded-credentials
    private static final String JWT_SIGNING_SECRET = "f3b9c1e07a4d4e8b9c2a6d51e0f7b3aa";
    // ok: hardcoded-credentials
    private static final String RESET_PASSWORD_PATH = "/account/password/reset";
    private static final Set<String> AVATAR_HOSTS = Set.of("avatars.fabrikam-cdn.com", "secure.gravatar.com");
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final SecureRandom secureRandom = new SecureRandom();
    // ok: weak-random-number-generation
    private final Random uiRandom = new Random();
    private final WebClient web;
    private final SecretKey fieldKey;

    public AccountSecurityService(WebClient.Builder builder, @Value("${identity.field-key}") String fieldKeyB64) {
        this.web = builder.build();
        this.fieldKey = new SecretKeySpec(Base64.getDecoder().decode(fieldKeyB64), "AES");
    }

    // ---- password handling -------------------------------------------------

    public String legacyPasswordHash(String password, String salt) throws Exception {
        // ruleid: insecure-hashing
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest((salt + password).getBytes(StandardCharsets.UTF_8)));
    }

    public boolean matchesV1(String password, String storedHex) {
        // ruleid: insecure-hashing
        String candidate = DigestUtils.sha1Hex(password);
        return MessageDigest.isEqual(candidate.getBytes(), storedHex.getBytes());
    }

    public String gravatarKey(String email) {
        // ok: insecure-hashing
        return DigestUtils.md5Hex(email.trim().toLowerCase());
    }

    public String profileEtag(byte[] profileJson) throws Exception {
        // ok: insecure-hashing
        return "\"" + HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(profileJson)) + "\"";
    }

    // ---- tokens & codes ----------------------------------------------------

    public String passwordResetCode() {
        // ruleid: weak-random-number-generation
        Random r = new Random();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    public String temporaryPassword() {
        char[] out = new char[12];
        for (int i = 0; i < out.length; i++) {
            // ruleid: weak-random-number-generation
            out[i] = ALPHABET[(int) (Math.random() * ALPHABET.length)];
        }
        return new String(out);
    }

    public String invitationToken(String orgId) {
        // ruleid: weak-random-number-generation
        Random seeded = new Random(System.currentTimeMillis() ^ orgId.hashCode());
        return orgId + "." + Long.toString(Math.abs(seeded.nextLong()), 36);
    }

    public boolean inNewLoginExperiment() {
        // ok: weak-random-number-generation
        return Math.random() < 0.10;
    }

    public String apiKey() {
        byte[] buf = new byte[32];
        // ok: weak-random-number-generation
        secureRandom.nextBytes(buf);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf);
    }

    public String sessionNonce() {
        // ruleid: weak-random-number-generation
        long n = ThreadLocalRandom.current().nextLong();
        return Long.toHexString(n);
    }

    public String mfaBackupCode() {
        // ok: weak-random-number-generation
        int code = secureRandom.nextInt(1_000_000);
        return String.format("%06d", code);
    }

    public Duration retryBackoff(int attempt) {
        long base = 200L << Math.min(attempt, 6);
        // ok: weak-random-number-generation
        long jitter = ThreadLocalRandom.current().nextLong(0, 100);
        return Duration.ofMillis(base + jitter);
    }

    public List<String> securityTipsForDashboard(List<String> tips) {
        List<String> copy = new ArrayList<>(tips);
        // ok: weak-random-number-generation
        Collections.shuffle(copy, uiRandom);
        return copy.subList(0, Math.min(3, copy.size()));
    }

    // ---- crypto ------------------------------------------------------------

    public byte[] encryptSsn(String ssn) throws Exception {
        byte[] iv = new byte[12];
        secureRandom.nextBytes(iv);
        // ok: insecure-cryptography
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, fieldKey, new GCMParameterSpec(128, iv));
        byte[] ct = c.doFinal(ssn.getBytes(StandardCharsets.UTF_8));
        byte[] out = new byte[iv.length + ct.length];
        System.arraycopy(iv, 0, out, 0, iv.length);
        System.arraycopy(ct, 0, out, iv.length, ct.length);
        return out;
    }

    public byte[] encryptLegacyMemberId(String memberId) throws Exception {
        // ruleid: insecure-cryptography
        Cipher c = Cipher.getInstance("AES");
        c.init(Cipher.ENCRYPT_MODE, fieldKey);
        return c.doFinal(memberId.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] decryptMainframeExport(byte[] blob, byte[] desKey) throws Exception {
        String transform = "DES" + "/ECB/PKCS5Padding";
        // ruleid: insecure-cryptography
        Cipher x = Cipher.getInstance(transform);
        x.init(Cipher.DECRYPT_MODE, new SecretKeySpec(desKey, "DES"));
        return x.doFinal(blob);
    }

    public java.security.KeyPair deviceKeyPair(boolean legacyDevice) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        if (legacyDevice) {
            // ruleid: insecure-cryptography
            g.initialize(1024);
        } else {
            // ok: insecure-cryptography
            g.initialize(3072, secureRandom);
        }
        return g.generateKeyPair();
    }

    public SecretKey newDataKey() throws Exception {
        KeyGenerator kg = KeyGenerator.getInstance("AES");
        // ok: insecure-cryptography
        kg.init(256, secureRandom);
        return kg.generateKey();
    }

    public String signClaims(String claimsJson) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        // ruleid: hardcoded-credentials
        mac.init(new SecretKeySpec("changeit-changeit-changeit-1234".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] legacySig = mac.doFinal(claimsJson.getBytes(StandardCharsets.UTF_8));
        mac.init(new SecretKeySpec(JWT_SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getUrlEncoder().encodeToString(mac.doFinal(legacySig));
    }

    // ---- outbound calls ----------------------------------------------------

    public byte[] fetchAvatar(String avatarUrl) {
        URI u = URI.create(avatarUrl);
        if (!"https".equals(u.getScheme()) || !AVATAR_HOSTS.contains(u.getHost()) || u.getPort() != -1) {
            throw new IllegalArgumentException("avatar host not allowed");
        }
        // ok: server-side-request-forgery
        return web.get().uri(u).retrieve().bodyToMono(byte[].class).block(Duration.ofSeconds(5));
    }

    public String importFederatedProfile(String issuerUrl) {
        String discovery = issuerUrl.endsWith("/") ? issuerUrl + ".well-known/openid-configuration" : issuerUrl + "/.well-known/openid-configuration";
        log.info("fetching federation metadata");
        // ruleid: server-side-request-forgery
        return web.get().uri(discovery).retrieve().bodyToMono(String.class).block(Duration.ofSeconds(5));
    }

    public String rememberMeCookie(String userId) {
        byte[] t = new byte[24];
        secureRandom.nextBytes(t);
        String token = userId + ":" + Base64.getUrlEncoder().encodeToString(t);
        // ruleid: insecure-cookie
        ResponseCookie weak = ResponseCookie.from("remember_me", token).httpOnly(false).path("/").maxAge(Duration.ofDays(30)).build();
        // ok: insecure-cookie
        ResponseCookie strong = ResponseCookie.from("remember_me", token).httpOnly(true).secure(true).sameSite("Strict").path("/").maxAge(Duration.ofDays(30)).build();
        return isLegacyClient(userId) ? weak.toString() : strong.toString();
    }

    private boolean isLegacyClient(String userId) {
        return userId.startsWith("L-");
    }

    // ---- TLS ---------------------------------------------------------------

    static final class LoggingTrustManager implements X509TrustManager {
        private final X509TrustManager delegate;

        LoggingTrustManager(X509TrustManager delegate) {
            this.delegate = delegate;
        }

        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        // ok: improper-certificate-validation
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            log.debug("validating server chain of length {}", chain.length);
            delegate.checkServerTrusted(chain, authType);
        }

        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static final class PartnerTrustManager implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        // ruleid: improper-certificate-validation
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            log.trace("accepting partner certificate {}", chain.length > 0 ? chain[0].getSubjectX500Principal() : "none");
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    static void configureLegacyHostnames() {
        HostnameVerifier strict = HttpsURLConnection.getDefaultHostnameVerifier();
        // ok: improper-certificate-validation
        HttpsURLConnection.setDefaultHostnameVerifier((String host, SSLSession s) -> host.endsWith(".fabrikam.internal") && strict.verify(host, s));
    }

    static final HostnameVerifier PERMISSIVE = new HostnameVerifier() {
        @Override
        // ruleid: improper-certificate-validation
        public boolean verify(String hostname, SSLSession session) { return true; }
    };

    @Configuration
    static class SecurityBeans {

        @Bean
        PasswordEncoder passwordEncoder() {
            // ok: insecure-hashing
            return new BCryptPasswordEncoder(12);
        }

        @Bean
        PasswordEncoder legacyEncoder() {
            // ruleid: insecure-hashing
            return new MessageDigestPasswordEncoder("SHA-1");
        }

        @Bean
        UserDetailsService actuatorUsers(@Value("${identity.actuator.password}") String actuatorPassword, PasswordEncoder enc) {
            // ok: hardcoded-credentials
            User.UserBuilder ops = User.withUsername("ops").password(enc.encode(actuatorPassword)).roles("ACTUATOR");
            // ruleid: hardcoded-credentials
            User.UserBuilder breakGlass = User.withUsername("breakglass").password("{noop}Fabrikam!2020").roles("ADMIN");
            return new InMemoryUserDetailsManager(ops.build(), breakGlass.build());
        }

        @Bean
        WebClient partnerWebClient(WebClient.Builder b) throws Exception {
            // ruleid: improper-certificate-validation
            SslContext ssl = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
            HttpClient hc = HttpClient.create().secure(t -> t.sslContext(ssl));
            return b.clientConnector(new ReactorClientHttpConnector(hc)).defaultHeader(HttpHeaders.USER_AGENT, "fabrikam-identity").build();
        }
    }
}
