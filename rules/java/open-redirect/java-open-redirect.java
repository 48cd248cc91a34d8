package com.example.login;

import java.io.IOException;
import java.util.Set;
import java.net.URLEncoder;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

public class LoginServlet extends HttpServlet {
    private static final String HOME = "/dashboard";

    private String nextPage(HttpServletRequest request) {
        String next = request.getParameter("next");
        return next != null ? next : HOME;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getParameter("sso") != null) {
            // ruleid: java-open-redirect
            response.sendRedirect(nextPage(request));
            return;
        }
        if (request.getParameter("legacy") != null) {
            response.setStatus(302);
            // ruleid: java-open-redirect
            response.setHeader("Location", request.getHeader("Referer"));
            return;
        }
        // ok: java-open-redirect
        response.sendRedirect(HOME);
        // ok: java-open-redirect
        response.sendRedirect(request.getContextPath() + "/welcome");
        // ok: java-open-redirect
        response.sendRedirect("/orders/" + request.getParameter("order"));
        // ok: java-open-redirect
        response.setHeader("X-Next", request.getParameter("next"));
    }
}

@Controller
class CheckoutController {
    @GetMapping("/checkout/done")
    public String done(@RequestParam("returnTo") String returnTo) {
        // ruleid: java-open-redirect
        return "redirect:" + returnTo;
    }

    @GetMapping("/checkout/back")
    public String back(@RequestParam("host") String host) {
        // ruleid: java-open-redirect
        return "redirect:https://" + host + "/cart";
    }

    @PostMapping("/checkout/{id}")
    public String submit(@PathVariable String id) {
        // ok: java-open-redirect
        return "redirect:/checkout/" + id + "/receipt";
    }

    @GetMapping("/checkout/continue")
    public RedirectView resume(@RequestParam String target) {
        // ruleid: java-open-redirect
        return new RedirectView(target);
    }
}

class ExitServlet extends HttpServlet {
    private static final Set<String> PARTNERS = Set.of("docs.example.org", "status.example.org");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String dest = request.getParameter("dest");
        java.net.URI uri = java.net.URI.create(dest);
        if (uri.getHost() != null && !PARTNERS.contains(uri.getHost())) {
            response.sendError(400);
            return;
        }
        // ok: java-open-redirect
        response.sendRedirect(dest);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String dest = request.getParameter("dest");
        java.net.URI uri = new java.net.URI(dest);
        if (!"https".equals(uri.getScheme())) {
            response.sendError(400);
            return;
        }
        // ruleid: java-open-redirect
        response.sendRedirect(dest);
    }

    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String loginPage = getServletContext().getInitParameter("loginPage");
        String back = request.getRequestURI();
        // ok: java-open-redirect
        response.sendRedirect(loginPage + "?next=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8));
        String home = request.getParameter("home");
        // ruleid: java-open-redirect
        response.sendRedirect(home + "?from=" + URLEncoder.encode(back, "UTF-8"));
    }

    protected void doDelete(HttpServletRequest request, HttpServletResponse out) throws IOException {
        // ruleid: java-open-redirect
        out.sendRedirect(request.getParameter("after"));
        // ok: java-open-redirect
        out.sendRedirect("/home");
    }
}

class Links {
    public org.springframework.http.ResponseEntity<Void> help(javax.servlet.http.HttpServletRequest request) {
        String article = request.getParameter("article");
        // ruleid: java-open-redirect
        return org.springframework.http.ResponseEntity.status(302).header(org.springframework.http.HttpHeaders.LOCATION, article).build();
    }

    public javax.ws.rs.core.Response resume(javax.servlet.http.HttpServletRequest request) throws Exception {
        String next = request.getParameter("next");
        if (next == null) {
            // ok: java-open-redirect
            return javax.ws.rs.core.Response.seeOther(new java.net.URI("/start")).build();
        }
        // ruleid: java-open-redirect
        return javax.ws.rs.core.Response.seeOther(java.net.URI.create(next)).build();
    }

    public javax.ws.rs.core.Response back(javax.servlet.http.HttpServletRequest request) {
        java.net.URI target = java.net.URI.create(request.getParameter("back"));
        // ruleid: java-open-redirect
        return javax.ws.rs.core.Response.status(302).location(target).build();
    }
}

class LocalTargets {
    private static boolean isLocal(String path) {
        return path != null && path.startsWith("/") && !path.startsWith("//") && !path.contains("\\");
    }

    public void login(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws java.io.IOException {
        String next = request.getParameter("next");
        if (next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
            // ok: java-open-redirect
            response.sendRedirect(next);
        }
        if (next.startsWith("/") && !next.startsWith("//")) {
            // ruleid: java-open-redirect
            response.sendRedirect(next);
        }
        if (next.startsWith("/")) {
            // ruleid: java-open-redirect
            response.sendRedirect(next);
        }
    }

    public String done(javax.servlet.http.HttpServletRequest request) {
        String back = request.getParameter("back");
        // ok: java-open-redirect
        return isLocal(back) ? "redirect:" + back : "redirect:/home";
    }

    public void resume(javax.servlet.http.HttpServletRequest request, javax.servlet.http.HttpServletResponse response) throws java.io.IOException {
        String target = request.getParameter("target");
        if (!target.startsWith("/") || target.startsWith("//") || target.contains("\\")) {
            target = "/";
        }
        // ok: java-open-redirect
        response.sendRedirect(target);
        String other = request.getParameter("other");
        if (!isLocal(target)) {
            return;
        }
        // ruleid: java-open-redirect
        response.sendRedirect(other);
    }
}
