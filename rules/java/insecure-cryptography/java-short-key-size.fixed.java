import java.security.KeyPairGenerator;

public class Keys {
    void make() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        // ruleid: java-short-key-size
        generator.initialize(2048);
        // ok: java-short-key-size
        generator.initialize(3072);
    }
}
