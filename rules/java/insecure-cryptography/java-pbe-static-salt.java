package com.example.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.PBEParameterSpec;

public class Passwords {
    public PBEKeySpec legacy(char[] password) {
        // ruleid: java-pbe-static-salt
        return new PBEKeySpec(password, "s4lt-v1".getBytes(StandardCharsets.UTF_8), 210000, 256);
    }

    public PBEParameterSpec older() {
        // ruleid: java-pbe-static-salt
        return new PBEParameterSpec(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 1000);
    }

    public PBEKeySpec routed(char[] password) {
        byte[] pepper = legacySalt();
        // ruleid: java-pbe-static-salt
        return new PBEKeySpec(password, pepper, 210000, 256);
    }

    private static byte[] legacySalt() {
        return "s4lt-v0".getBytes(StandardCharsets.UTF_8);
    }

    public PBEKeySpec current(char[] password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        // ok: java-pbe-static-salt
        return new PBEKeySpec(password, salt, 210000, 256);
    }
}
