package com.example.auth;

import java.io.IOException;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class LoginServlet extends HttpServlet {
    private static final boolean BEHIND_TLS_PROXY = true;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sessionToken = startSession(request.getParameter("user"));
        // ruleid: java-cookie-missing-secure-flag
        Cookie session = new Cookie("SID", sessionToken);
        session.setHttpOnly(true);
        session.setPath("/");
        response.addCookie(session);

        // ok: java-cookie-missing-secure-flag
        Cookie csrf = new Cookie("XSRF-TOKEN", sessionToken);
        csrf.setSecure(true);
        response.addCookie(csrf);
        response.sendRedirect("/home");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getParameter("lang") != null) {
            // ruleid: java-cookie-missing-secure-flag
            Cookie lang = new Cookie("lang", "de");
            lang.setMaxAge(3600);
            response.addCookie(lang);
        }
        // ok: java-cookie-missing-secure-flag
        Cookie seen = new Cookie("seen", "1");
        seen.setSecure(request.isSecure());
        response.addCookie(seen);

        // ok: java-cookie-missing-secure-flag
        javax.servlet.http.Cookie tz = new javax.servlet.http.Cookie("tz", "UTC");
        if (BEHIND_TLS_PROXY) {
            tz.setSecure(true);
        }
        response.addCookie(tz);
    }

    protected void logout(HttpServletResponse response) {
        // ruleid: java-cookie-missing-secure-flag
        Cookie gone = new Cookie("SID", "");
        gone.setMaxAge(0);
        gone.setSecure(false);
        response.addCookie(gone);
    }

    private Cookie[] readOnly(HttpServletRequest request) {
        // ok: java-cookie-missing-secure-flag
        Cookie probe = new Cookie("probe", "x");
        return new Cookie[] {probe};
    }

    private String startSession(String user) {
        return user == null ? "anonymous" : user.trim();
    }
}

class PreferenceServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: java-cookie-missing-secure-flag
        response.addCookie(new Cookie("banner", "hidden"));
        // ruleid: java-cookie-missing-secure-flag
        Cookie a = new Cookie("a", "1");
        // ok: java-cookie-missing-secure-flag
        Cookie b = new Cookie("b", "2");
        b.setSecure(true);
        response.addCookie(a);
        response.addCookie(b);
        String sessionId = request.getSession().getId();
        // ruleid: java-cookie-missing-secure-flag
        response.setHeader("Set-Cookie", "JSESSIONID=" + sessionId + "; Path=/; HttpOnly");
        // ok: java-cookie-missing-secure-flag
        response.addHeader("Set-Cookie", "JSESSIONID=" + sessionId + "; Path=/; Secure; HttpOnly");
        // ok: java-cookie-missing-secure-flag
        response.setHeader("Set-Cookie", "theme=dark; Path=/");
        // ok: java-cookie-missing-secure-flag
        response.setHeader("X-Session-Hint", "session=" + sessionId);
    }
}
