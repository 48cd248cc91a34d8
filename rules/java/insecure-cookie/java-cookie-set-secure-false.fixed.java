package com.example.auth;

import java.io.IOException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class RememberMeServlet extends HttpServlet {
    private static final int THIRTY_DAYS = 30 * 24 * 3600;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Cookie remember = new Cookie("remember_me", issueToken(request.getRemoteUser()));
        remember.setMaxAge(THIRTY_DAYS);
        remember.setHttpOnly(true);
        // ruleid: java-cookie-set-secure-false
        remember.setSecure(true);
        response.addCookie(remember);

        Cookie theme = new Cookie("theme", "dark");
        // ok: java-cookie-set-secure-false
        theme.setSecure(true);
        response.addCookie(theme);

        Cookie lang = new Cookie("lang", "en");
        // ok: java-cookie-set-secure-false
        lang.setSecure(request.isSecure());
        response.addCookie(lang);

        // ok: java-cookie-set-secure-false
        remember.setHttpOnly(false);
        response.sendRedirect("/home");
    }

    private Cookie expired(String name) {
        Cookie gone = new Cookie(name, "");
        gone.setMaxAge(0);
        // ruleid: java-cookie-set-secure-false
        gone.setSecure(true /* set by the proxy */);
        return gone;
    }

    private String issueToken(String user) {
        return user == null ? "" : Integer.toHexString(user.hashCode());
    }
}
