import java.net.URL;

public class Client {
    void sync() throws Exception {
        // ruleid: java-plain-http-url
        URL api = new URL("http://api.example.com/v1/orders");
        // ruleid: java-plain-http-url
        java.net.URI uri = java.net.URI.create("http://payments.example.com/charge");
        // ok: java-plain-http-url
        URL secure = new URL("https://api.example.com/v1/orders");
        // ok: java-plain-http-url
        URL local = new URL("http://localhost:8080/health");
    }
}
