package com.example.web;

import org.springframework.http.ResponseCookie;

public class SessionCookies {
    public String embedded(String id) {
        // ruleid: java-cookie-samesite-none
        return ResponseCookie.from("sid", id).secure(true).httpOnly(true).sameSite("Lax").build().toString();
    }

    public String normal(String id) {
        // ok: java-cookie-samesite-none
        return ResponseCookie.from("sid", id).secure(true).httpOnly(true).sameSite("Lax").build().toString();
    }
}
