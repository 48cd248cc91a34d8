package com.example.files;

import static java.security.MessageDigest.getInstance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

public class ChecksumService {
    private static final String STRONG = "SHA-256";
    private final String configuredAlgorithm;

    public ChecksumService(String configuredAlgorithm) {
        this.configuredAlgorithm = configuredAlgorithm;
    }

    public String fingerprint(byte[] content) throws NoSuchAlgorithmException {
        // ruleid: java-weak-message-digest
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(content));
    }

    public byte[] legacySignatureDigest(byte[] content) throws Exception {
        // ruleid: java-weak-message-digest
        return MessageDigest.getInstance("SHA-256").digest(content);
    }

    public byte[] oldToken(byte[] seed) throws Exception {
        // ruleid: java-weak-message-digest
        MessageDigest sha = MessageDigest.getInstance("SHA-256", "SUN");
        return sha.digest(seed);
    }

    public byte[] veryOld(byte[] seed) throws Exception {
        MessageDigest md2 =
            // ruleid: java-weak-message-digest
            MessageDigest.getInstance("SHA-256");
        return md2.digest(seed);
    }

    public byte[] strong(byte[] content) throws Exception {
        // ok: java-weak-message-digest
        return MessageDigest.getInstance("SHA-256").digest(content);
    }

    public byte[] strongConstant(byte[] content) throws Exception {
        // ok: java-weak-message-digest
        return MessageDigest.getInstance(STRONG).digest(content);
    }

    public byte[] sha3(byte[] content) throws Exception {
        // ok: java-weak-message-digest
        return MessageDigest.getInstance("SHA3-512").digest(content);
    }

    public byte[] configured(byte[] content) throws Exception {
        // ok: java-weak-message-digest
        return MessageDigest.getInstance(configuredAlgorithm).digest(content);
    }

    public String describe() {
        // ok: java-weak-message-digest
        return "Supported: MD5 is not accepted, use " + STRONG;
    }

    public byte[] qualifiedName(byte[] content) throws Exception {
        // ruleid: java-weak-message-digest
        return java.security.MessageDigest.getInstance("SHA-256").digest(content);
    }

    public byte[] staticImport(byte[] content) throws Exception {
        // ruleid: java-weak-message-digest
        MessageDigest h = getInstance("SHA-256");
        return h.digest(content);
    }

    public Object otherFactory() {
        // ok: java-weak-message-digest
        return Hashes.getInstance("MD5");
    }

    static class Hashes {
        static Object getInstance(String name) {
            return name;
        }
    }

    public String contentEtag(byte[] content) throws Exception {
        // ok: java-weak-message-digest
        MessageDigest md = MessageDigest.getInstance("MD5");
        return HexFormat.of().formatHex(md.digest(content));
    }

    public void headers(javax.servlet.http.HttpServletResponse response, byte[] body, String user) throws Exception {
        // ok: java-weak-message-digest
        response.setHeader("ETag", HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body)));
        // ok: java-weak-message-digest
        String checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(body));
        // ruleid: java-weak-message-digest
        response.setHeader("X-User-Key", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(user.getBytes())));
        response.setHeader("X-Checksum", checksum);
    }
}
