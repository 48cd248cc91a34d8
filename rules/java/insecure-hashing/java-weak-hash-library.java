package com.example.accounts;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.MessageDigestPasswordEncoder;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

public class Credentials {
    boolean matchesLegacy(String password, String stored) {
        // ruleid: java-weak-hash-library
        String candidate = DigestUtils.sha1Hex(password);
        return candidate.equals(stored);
    }

    String resetToken(String seed) {
        // ruleid: java-weak-hash-library
        return Hashing.md5().hashString(seed, StandardCharsets.UTF_8).toString();
    }

    String signature(byte[] body) {
        // ruleid: java-weak-hash-library
        return org.apache.commons.codec.digest.DigestUtils.md5Hex(body);
    }

    String strong(String password) {
        // ok: java-weak-hash-library
        return DigestUtils.sha256Hex(password);
    }

    String etagFor(byte[] body) {
        // ok: java-weak-hash-library
        return DigestUtils.md5Hex(body);
    }

    String describe(byte[] body) {
        // ok: java-weak-hash-library
        String checksum = DigestUtils.md5Hex(body);
        return "md5:" + checksum;
    }

    String gravatarUrl(String email) {
        // ok: java-weak-hash-library
        return "https://www.gravatar.com/avatar/" + DigestUtils.md5Hex(email.trim().toLowerCase());
    }

    @Bean
    PasswordEncoder legacyEncoder() {
        // ruleid: java-weak-hash-library
        return new MessageDigestPasswordEncoder("SHA-1");
    }

    @Bean
    PasswordEncoder plainEncoder() {
        // ruleid: java-weak-hash-library
        return NoOpPasswordEncoder.getInstance();
    }

    @Bean
    PasswordEncoder encoder() {
        // ok: java-weak-hash-library
        return new BCryptPasswordEncoder(12);
    }

    @Bean
    PasswordEncoder digestEncoder() {
        // ok: java-weak-hash-library
        return new MessageDigestPasswordEncoder("SHA-256");
    }
}
