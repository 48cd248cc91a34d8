public class Hosts {
    // ruleid: java-hardcoded-ip-address
    static final String BACKEND = "203.0.113.25";
    // ok: java-hardcoded-ip-address
    static final String LOCAL = "127.0.0.1";
    // ok: java-hardcoded-ip-address
    static final String VERSION = "1.2.3";
}
