import java.net.URL;

public class Client {
    void sync() throws Exception {
        // ruleid: java-plain-http-url
        URL api = new URL("http://api.shipfast.io/v1/orders");
        // ruleid: java-plain-http-url
        java.net.URI uri = java.net.URI.create("http://payments.acme-bank.com/charge");
        // ok: java-plain-http-url
        URL secure = new URL("https://api.shipfast.io/v1/orders");
        // ok: java-plain-http-url
        URL local = new URL("http://localhost:8080/health");
        // ok: java-plain-http-url
        java.net.URI schema = java.net.URI.create("http://www.w3.org/2001/XMLSchema");
        // ok: java-plain-http-url
        java.net.URI soap = new java.net.URI("http://schemas.xmlsoap.org/soap/envelope/");
        // ok: java-plain-http-url
        java.net.URI beans = java.net.URI.create("http://www.springframework.org/schema/beans/spring-beans.xsd");
        // ok: java-plain-http-url
        URL sandbox = new URL("http://sandbox.example.org/api");
        // ok: java-plain-http-url
        URL printer = new URL("http://printer.local/status");
        // ok: java-plain-http-url
        URL sidecar = new URL("http://192.168.49.2:30080/");
        // ruleid: java-plain-http-url
        URL mirror = new URL("http://repo.corp.internal/maven2");
    }
}
