import javax.crypto.spec.IvParameterSpec;

public class Crypto {
    IvParameterSpec iv(java.security.SecureRandom random) {
        // ruleid: java-static-initialization-vector
        IvParameterSpec fixed = new IvParameterSpec("0123456789abcdef".getBytes());
        // ruleid: java-static-initialization-vector
        IvParameterSpec zeros = new IvParameterSpec(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        // ok: java-static-initialization-vector
        return new IvParameterSpec(bytes);
    }

    javax.crypto.spec.GCMParameterSpec nonce(java.security.SecureRandom random) {
        byte[] fixed = "nonce-000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] copy = java.util.Arrays.copyOf(fixed, 12);
        // ruleid: java-static-initialization-vector
        javax.crypto.spec.GCMParameterSpec reused = new javax.crypto.spec.GCMParameterSpec(128, copy);
        byte[] drawn = new byte[12];
        random.nextBytes(drawn);
        // ok: java-static-initialization-vector
        return new javax.crypto.spec.GCMParameterSpec(128, drawn);
    }
}
