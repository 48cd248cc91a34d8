package com.example.integration;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public class PartnerClient {

    static SSLContext insecureContext() throws Exception {
        TrustManager[] trustAll = new TrustManager[] {
            new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                // ruleid: java-trust-manager-accepts-all-certificates
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustAll, null);
        return context;
    }

    static final class LenientTrustManager implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // client certificates are not used
        }

        // ruleid: java-trust-manager-accepts-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            // TODO: validate once the partner fixes their chain
            return;
        }

        public X509Certificate[] getAcceptedIssuers() {
            return null;
        }
    }

    static final class PinningTrustManager implements X509TrustManager {
        private final X509TrustManager delegate;
        private final String pinnedSubject;

        PinningTrustManager(KeyStore store, String pinnedSubject) throws Exception {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            this.delegate = (X509TrustManager) factory.getTrustManagers()[0];
            this.pinnedSubject = pinnedSubject;
        }

        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        // ok: java-trust-manager-accepts-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
            if (!chain[0].getSubjectX500Principal().getName().equals(pinnedSubject)) {
                throw new CertificateException("unexpected server certificate");
            }
        }

        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    static final class StrictTrustManager implements X509TrustManager {
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        // ok: java-trust-manager-accepts-all-certificates
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this endpoint must not be called over TLS");
        }

        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
