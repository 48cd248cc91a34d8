package com.example.net;

import javax.net.ssl.SSLContext;

public class Contexts {
    public SSLContext legacy() throws Exception {
        // ruleid: java-insecure-tls-protocol
        return SSLContext.getInstance("TLSv1");
    }

    public SSLContext older() throws Exception {
        // ruleid: java-insecure-tls-protocol
        return SSLContext.getInstance("SSL");
    }

    public SSLContext current() throws Exception {
        // ok: java-insecure-tls-protocol
        return SSLContext.getInstance("TLSv1.3");
    }

    public SSLContext negotiated() throws Exception {
        // ok: java-insecure-tls-protocol
        return SSLContext.getInstance("TLS");
    }
}
