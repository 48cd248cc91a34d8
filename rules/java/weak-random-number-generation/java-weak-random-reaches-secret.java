package com.example.accounts;

import java.security.SecureRandom;
import java.util.Random;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;

public class RememberMeService {
    private final Random jitter = new Random();
    private final java.util.Random rnd = new java.util.Random();
    private final SecureRandom strong = new SecureRandom();

    public void remember(HttpServletResponse response) {
        // ruleid: java-weak-random-reaches-secret
        int v = new Random().nextInt();
        String k = Integer.toString(v);
        response.addCookie(new Cookie("remember", k));
    }

    public void share(HttpServletRequest request) {
        // ruleid: java-weak-random-reaches-secret
        long n = this.rnd.nextLong();
        HttpSession s = request.getSession();
        s.setAttribute("share", Long.toHexString(n));
    }

    public void header(HttpServletResponse response) {
        // ruleid: java-weak-random-reaches-secret
        String value = "t" + (int) (Math.random() * 1_000_000);
        response.setHeader("X-Auth-Token", value);
    }

    public String issue() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            // ruleid: java-weak-random-reaches-secret
            out.append(jitter.nextInt(10));
        }
        String resetCode = out.toString();
        return resetCode;
    }

    public String nextSessionId() {
        // ruleid: java-weak-random-reaches-secret
        String digits = String.valueOf(rnd.nextInt(1_000_000));
        return digits;
    }

    public void strongCookie(HttpServletResponse response) {
        byte[] bytes = new byte[16];
        strong.nextBytes(bytes);
        String k = java.util.Base64.getEncoder().encodeToString(bytes);
        // ok: java-weak-random-reaches-secret
        response.addCookie(new Cookie("remember", k));
    }

    public void display(HttpServletResponse response) {
        int shade = jitter.nextInt(255);
        // ok: java-weak-random-reaches-secret
        response.setHeader("X-Theme-Shade", Integer.toString(shade));
        // ok: java-weak-random-reaches-secret
        String label = "item-" + shade;
        response.addHeader("X-Label", label);
    }

    public void strongSession(HttpServletRequest request) {
        // ok: java-weak-random-reaches-secret
        request.getSession().setAttribute("nonce", Long.toHexString(strong.nextLong()));
    }
}
