package com.example.web;

import java.util.Set;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class CorsFilter {
    private static final Set<String> ALLOWED = Set.of("https://app.example.com");

    public void apply(HttpServletRequest request, HttpServletResponse response) {
        String origin = request.getHeader("Origin");
        // ruleid: java-cors-origin-reflection
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Allow-Credentials", "true");
    }

    public void strict(HttpServletRequest request, HttpServletResponse response) {
        if (ALLOWED.contains(request.getHeader("Origin"))) {
            // ok: java-cors-origin-reflection
            response.setHeader("Access-Control-Allow-Origin", "https://app.example.com");
        }
    }
}
