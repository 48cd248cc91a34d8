package com.example.config;

import com.amazonaws.auth.BasicAWSCredentials;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.security.Keys;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

public class Keys2 {
    public Object credentials(String accessKey, String secretKey) {
        // ruleid: java-hardcoded-cloud-or-jwt-key
        BasicAWSCredentials v1 = new BasicAWSCredentials("AKIAEXAMPLEEXAMPLE12", "wJalrXUtnFEMIexampleexampleexampleKEY");
        // ruleid: java-hardcoded-cloud-or-jwt-key
        AwsBasicCredentials v2 = AwsBasicCredentials.create("AKIAEXAMPLEEXAMPLE12", "wJalrXUtnFEMIexampleexampleexampleKEY");
        // ok: java-hardcoded-cloud-or-jwt-key
        AwsBasicCredentials fromEnv = AwsBasicCredentials.create(accessKey, secretKey);
        return new Object[] {v1, v2, fromEnv};
    }

    public Object signing(String secret) {
        // ruleid: java-hardcoded-cloud-or-jwt-key
        Algorithm weak = Algorithm.HMAC256("change-me");
        // ruleid: java-hardcoded-cloud-or-jwt-key
        SecretKey key = Keys.hmacShaKeyFor("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        // ok: java-hardcoded-cloud-or-jwt-key
        Algorithm strong = Algorithm.HMAC256(secret);
        return new Object[] {weak, key, strong};
    }
}
