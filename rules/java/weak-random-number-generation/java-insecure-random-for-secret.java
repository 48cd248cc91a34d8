package com.example.account;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.lang3.RandomStringUtils;

public class AccountTokens {
    private static final SecureRandom SECURE = new SecureRandom();
    // ok: java-insecure-random-for-secret
    private final Random jitter = new Random();
    // ruleid: java-insecure-random-for-secret
    private final String bootstrapToken = Long.toHexString(new java.util.Random().nextLong());

    private String sessionId;
    private String lastPing;

    public String newPasswordResetToken() {
        // ruleid: java-insecure-random-for-secret
        Random random = new Random();
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().encodeToString(bytes);
    }

    public String generateOneTimeCode() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            // ruleid: java-insecure-random-for-secret
            out.append((int) (Math.random() * 10));
        }
        return out.toString();
    }

    public void login(String user) {
        // ruleid: java-insecure-random-for-secret
        this.sessionId = user + ":" + ThreadLocalRandom.current().nextLong();
        // ok: java-insecure-random-for-secret
        this.lastPing = String.valueOf(ThreadLocalRandom.current().nextLong());
    }

    public String temporaryPassword() {
        // ruleid: java-insecure-random-for-secret
        return RandomStringUtils.randomAlphanumeric(12);
    }

    public byte[] apiKeyBytes() {
        byte[] key = new byte[32];
        // ok: java-insecure-random-for-secret
        SECURE.nextBytes(key);
        return key;
    }

    public String newCsrfToken() {
        // ok: java-insecure-random-for-secret
        SecureRandom strong = new SecureRandom();
        return Long.toHexString(strong.nextLong());
    }

    public long backoffMillis(int attempt) {
        // ok: java-insecure-random-for-secret
        return (long) (Math.pow(2, attempt) * 100 + Math.random() * 50);
    }

    public List<String> shuffleQuestions(List<String> questions) {
        // ok: java-insecure-random-for-secret
        Collections.shuffle(questions, new Random(42));
        return questions;
    }

    public String sampleId() {
        // ok: java-insecure-random-for-secret
        int bucket = ThreadLocalRandom.current().nextInt(100);
        return "bucket-" + bucket;
    }
}
