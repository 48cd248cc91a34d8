package com.example.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.SignatureAlgorithm;

public class Tokens {
    public String unsigned(String user) {
        // ruleid: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(Algorithm.none());
    }

    public String legacy(String user) {
        // ruleid: java-jwt-none-algorithm
        return Jwts.builder().setSubject(user).signWith(SignatureAlgorithm.NONE, new byte[0]).compact();
    }

    public String signed(String user, String secret) {
        // ok: java-jwt-none-algorithm
        return JWT.create().withSubject(user).sign(Algorithm.HMAC256(secret));
    }
}
