package com.example.cart;

import java.io.IOException;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

public class PreferencesServlet extends HttpServlet {
    private static final String DEFAULT_CURRENCY = "EUR";

    private String requestedRole(HttpServletRequest request) {
        return request.getParameter("role");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpSession session = request.getSession();
        // ruleid: java-trust-boundary-violation
        session.setAttribute("role", requestedRole(request));
        // ruleid: java-trust-boundary-violation
        request.getSession(true).setAttribute("discountCode", request.getParameter("code"));
        // ok: java-trust-boundary-violation
        session.setAttribute("currency", DEFAULT_CURRENCY);
        int items = Integer.parseInt(request.getParameter("items"));
        // ok: java-trust-boundary-violation
        session.setAttribute("itemCount", items);
        // ok: java-trust-boundary-violation
        request.setAttribute("lastSearch", request.getParameter("q"));
        // ok: java-trust-boundary-violation
        session.setAttribute("lastVisit", System.currentTimeMillis());
    }
}

@RestController
class LocaleController {
    @PostMapping("/locale")
    public void set(@RequestHeader("Accept-Language") String language, HttpSession session) {
        // ruleid: java-trust-boundary-violation
        session.putValue("locale", language);
    }
}
