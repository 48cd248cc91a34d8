package com.example.web;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import org.springframework.http.ResponseCookie;

public class Cookies {
    public void remember(HttpServletResponse response, String token) {
        Cookie cookie = new Cookie("remember", token);
        cookie.setSecure(true);
        // ruleid: java-cookie-httponly-disabled
        cookie.setHttpOnly(false);
        response.addCookie(cookie);
        // ruleid: java-cookie-httponly-disabled
        ResponseCookie spring = ResponseCookie.from("sid", token).secure(true).httpOnly(false).build();
        // ok: java-cookie-httponly-disabled
        ResponseCookie strict = ResponseCookie.from("sid", token).secure(true).httpOnly(true).build();
        Cookie session = new Cookie("session", token);
        // ok: java-cookie-httponly-disabled
        session.setHttpOnly(true);
        response.addHeader("Set-Cookie", spring.toString() + strict);
    }
}
