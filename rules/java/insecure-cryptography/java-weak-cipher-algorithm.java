package com.example.vault;

import java.security.GeneralSecurityException;
import java.security.Key;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

public final class PayloadCrypto {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";

    public byte[] legacyEncrypt(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        Cipher des = Cipher.getInstance("DES/CBC/PKCS5Padding");
        des.init(Cipher.ENCRYPT_MODE, key);
        return des.doFinal(data);
    }

    public byte[] bankingInterop(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        Cipher tripleDes = Cipher.getInstance("DESede");
        tripleDes.init(Cipher.DECRYPT_MODE, key);
        return tripleDes.doFinal(data);
    }

    public byte[] stream(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        Cipher rc4 = Cipher.getInstance("RC4");
        rc4.init(Cipher.ENCRYPT_MODE, key);
        return rc4.doFinal(data);
    }

    public byte[] defaultMode(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        Cipher aes = Cipher.getInstance("AES");
        aes.init(Cipher.ENCRYPT_MODE, key);
        return aes.doFinal(data);
    }

    public byte[] explicitEcb(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        return Cipher.getInstance("AES/ECB/PKCS5Padding").doFinal(data);
    }

    public byte[] fish(Key key, byte[] data) throws GeneralSecurityException {
        // ruleid: java-weak-cipher-algorithm
        Cipher blowfish = Cipher.getInstance("Blowfish/CBC/PKCS5Padding", "SunJCE");
        blowfish.init(Cipher.ENCRYPT_MODE, key);
        return blowfish.doFinal(data);
    }

    public byte[] modern(Key key, byte[] iv, byte[] data) throws GeneralSecurityException {
        // ok: java-weak-cipher-algorithm
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
        return gcm.doFinal(data);
    }

    public byte[] viaConstant(Key key, byte[] data) throws GeneralSecurityException {
        // ok: java-weak-cipher-algorithm
        Cipher cipher = Cipher.getInstance(TRANSFORMATION);
        cipher.init(Cipher.ENCRYPT_MODE, key);
        return cipher.doFinal(data);
    }

    public byte[] wrapKey(Key publicKey, Key secret) throws GeneralSecurityException {
        // ok: java-weak-cipher-algorithm
        Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        rsa.init(Cipher.WRAP_MODE, publicKey);
        return rsa.wrap(secret);
    }

    public byte[] chacha(Key key, byte[] nonce, byte[] data) throws GeneralSecurityException {
        // ok: java-weak-cipher-algorithm
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
        return c.doFinal(data);
    }

    public String help() {
        // ok: java-weak-cipher-algorithm
        return String.format("%s replaces %s", TRANSFORMATION, "DES");
    }
}
