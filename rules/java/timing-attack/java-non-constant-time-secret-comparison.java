import java.security.MessageDigest;

public class Webhook {
    boolean verify(String signature, String expected, String token, String storedToken) {
        // ruleid: java-non-constant-time-secret-comparison
        if (signature.equals(expected)) return true;
        // ruleid: java-non-constant-time-secret-comparison
        if (token.equals(storedToken)) return true;
        // ok: java-non-constant-time-secret-comparison
        return MessageDigest.isEqual(signature.getBytes(), expected.getBytes());
    }
}
