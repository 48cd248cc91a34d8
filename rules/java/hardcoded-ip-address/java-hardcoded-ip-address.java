public class Hosts {
    // ruleid: java-hardcoded-ip-address
    static final String BACKEND = "52.14.200.3";
    // ok: java-hardcoded-ip-address
    static final String LOCAL = "127.0.0.1";
    // ok: java-hardcoded-ip-address
    static final String VERSION = "1.2.3";
    // ok: java-hardcoded-ip-address
    static final String DATABASE = "192.168.10.5";
    // ok: java-hardcoded-ip-address
    static final String BIND_ALL = "0.0.0.0";
    // ok: java-hardcoded-ip-address
    static final String SAMPLE_PEER = "198.51.100.7:8443";
    // ok: java-hardcoded-ip-address
    static final String SCHEMA_VERSION = "4.2.0.17";
    // ok: java-hardcoded-ip-address
    static final String SUBNET_BROADCAST = "255.255.255.255";

    String resolver() {
        // ruleid: java-hardcoded-ip-address
        return connect("9.9.9.9:53");
    }

    String connect(String address) {
        // ok: java-hardcoded-ip-address
        String gateway = "172.20.0.1";
        return address + gateway;
    }
}
