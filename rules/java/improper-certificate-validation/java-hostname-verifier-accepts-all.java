package com.example.integration;

import java.net.URL;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSession;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

public class InventoryClient {
    private static final String INTERNAL_HOST = "inventory.internal.example.com";

    static class TrustingVerifier implements HostnameVerifier {
        @Override
        // ruleid: java-hostname-verifier-accepts-all
        public boolean verify(String hostname, SSLSession session) {
            return true;
        }
    }

    static class InternalOnlyVerifier implements HostnameVerifier {
        @Override
        // ok: java-hostname-verifier-accepts-all
        public boolean verify(String hostname, SSLSession session) {
            return INTERNAL_HOST.equals(hostname);
        }
    }

    void legacy(URL url) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
        // ruleid: java-hostname-verifier-accepts-all
        connection.setHostnameVerifier((host, session) -> true);
        // ok: java-hostname-verifier-accepts-all
        connection.setHostnameVerifier((host, session) -> host.endsWith(".example.com"));
        // ruleid: java-hostname-verifier-accepts-all
        HostnameVerifier any = (host, session) -> true;
        // ok: java-hostname-verifier-accepts-all
        HostnameVerifier internal = (host, session) -> INTERNAL_HOST.equals(host);
        connection.setHostnameVerifier(any);
        HttpsURLConnection.setDefaultHostnameVerifier(
            // ruleid: java-hostname-verifier-accepts-all
            (host, session) -> {
                return true;
            });
    }

    CloseableHttpClient apacheClient() {
        return HttpClients.custom()
            // ruleid: java-hostname-verifier-accepts-all
            .setSSLHostnameVerifier(NoopHostnameVerifier.INSTANCE)
            .build();
    }

    CloseableHttpClient olderClient() {
        // ruleid: java-hostname-verifier-accepts-all
        HostnameVerifier any = SSLConnectionSocketFactory.ALLOW_ALL_HOSTNAME_VERIFIER;
        // ruleid: java-hostname-verifier-accepts-all
        HostnameVerifier none = new NoopHostnameVerifier();
        // ok: java-hostname-verifier-accepts-all
        HostnameVerifier strict = new DefaultHostnameVerifier();
        return HttpClients.custom().setSSLHostnameVerifier(strict).build();
    }

    // ok: java-hostname-verifier-accepts-all
    boolean verify(String signature, String payload) {
        return true;
    }
}
