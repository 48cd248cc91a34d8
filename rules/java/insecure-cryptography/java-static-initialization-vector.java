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
}
