package com.example.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import org.springframework.beans.factory.annotation.Value;

public class PaymentGateway {
    // ruleid: java-hardcoded-secret-variable
    private static final String API_KEY = "pk_gw_9c1f0e7a4b2d4e3f8a6b5c4d";
    // ruleid: java-hardcoded-secret-variable
    private String clientSecret = "b7Gq!x9Lm2#Rt";
    // ok: java-hardcoded-secret-variable
    private static final String API_KEY_HEADER = "X-Api-Key";
    // ok: java-hardcoded-secret-variable
    private static final String PASSWORD_PARAM = "password";
    // ok: java-hardcoded-secret-variable
    private static final String DB_PASSWORD = "spring.datasource.password";
    // ok: java-hardcoded-secret-variable
    private static final String SECRET = "${gateway.secret}";
    // ok: java-hardcoded-secret-variable
    private final String webhookSecret = System.getenv("WEBHOOK_SECRET");
    // ok: java-hardcoded-secret-variable
    private String accessToken = "";

    @Value("${gateway.password}")
    // ok: java-hardcoded-secret-variable
    private String password;

    private final HttpClient http = HttpClient.newHttpClient();

    public HttpRequest charge(String body) {
        // ruleid: java-hardcoded-secret-variable
        String signingKey = "f3a9c2d17be04e5a";
        return HttpRequest.newBuilder(URI.create("https://pay.example.com/charge"))
            .header("Authorization", "Bearer " + API_KEY)
            .header("X-Signature", sign(body, signingKey))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    }

    public void rotate() {
        // ruleid: java-hardcoded-secret-variable
        this.password = "Winter2024!";
        // ok: java-hardcoded-secret-variable
        this.password = "changeme";
        // ok: java-hardcoded-secret-variable
        String secretPrompt = "Enter the shared secret";
        // ok: java-hardcoded-secret-variable
        String pwd = "<your password here>";
        // ok: java-hardcoded-secret-variable
        this.clientSecret = "Client secret must be rotated every 90 days";
        // ok: java-hardcoded-secret-variable
        this.clientSecret = System.getProperty("gateway.clientSecret");
        System.out.println(secretPrompt + pwd);
    }

    public void configureDefaults() {
        // ok: java-hardcoded-secret-variable
        String apiKey = "PAYMENT_GATEWAY_API_KEY";
        // ok: java-hardcoded-secret-variable
        String signingKey = "classpath:/keys/signing.jwk";
        // ok: java-hardcoded-secret-variable
        String password = "Bitte geben Sie Ihr Passwort ein";
        // ok: java-hardcoded-secret-variable
        String clientSecret = "xxxxxxxx-xxxx-xxxx";
        // ok: java-hardcoded-secret-variable
        String accessToken = "%(access_token)s";
        // ok: java-hardcoded-secret-variable
        this.clientSecret = "ClientSecretHolder";
        System.out.println(apiKey + signingKey + password + clientSecret + accessToken);
    }

    private String sign(String body, String key) {
        return Integer.toHexString((body + key).hashCode());
    }
}
