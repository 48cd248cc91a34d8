package com.acme.portal.web.auth;

import com.acme.portal.auth.LoginService;
import org.apache.logging.log4j.Logger;
import org.owasp.encoder.Encode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.*;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.servlet.view.RedirectView;
import javax.servlet.http.*;
import java.io.IOException;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.regex.Pattern;

@Controller @RequestMapping("/portal")
public class PortalLoginController {
    private static final org.slf4j.Logger audit = org.slf4j.LoggerFactory.getLogger("portal.audit");
    private static final Logger l = org.apache.logging.log4j.LogManager.getLogger(PortalLoginController.class);
    private static final java.util.logging.Logger out = java.util.logging.Logger.getLogger("portal.session");
    private static final Set<String> TRUSTED_HOSTS = Set.of("portal.acme.com", "help.acme.com");
    private static final Set<String> LANDING = Set.of("/portal/home", "/portal/dashboard", "/portal/settings");
    private static final Pattern TENANT = Pattern.compile("[a-z0-9-]{2,32}");
    private static final boolean LEGACY = false;
    enum Channel { WEB, MOBILE, KIOSK }
    @Autowired private LoginService loginService;
    @Autowired private JdbcTemplate jdbc;
    @PostMapping("/login")
    public String login(@RequestParam String username, @RequestParam String password, @RequestParam(defaultValue = "/portal/home") String next,
                        @RequestParam(defaultValue = "web") String channel, HttpServletResponse response) {
        // ruleid: log-injection
        audit.info("login attempt for user {}", username);
        // ok: log-injection
        audit.info("login channel {}", Channel.valueOf(channel.toUpperCase(Locale.ROOT)));
        if (!loginService.authenticate(username, password)) {
            // ok: log-injection
            audit.warn("login failed for user {}", clean(username));
            // ok: open-redirect
            return "redirect:/portal/login?error=1&u=" + URLEncoder.encode(username, StandardCharsets.UTF_8);
        }
        // ok: insecure-cookie
        response.addCookie(secureCookie("PSESSION", loginService.issueToken(username)));
        Cookie last = new Cookie("lastUser", URLEncoder.encode(username, StandardCharsets.UTF_8));
        last.setMaxAge(60 * 60 * 24 * 30);
        // ruleid: insecure-cookie
        response.addCookie(last);
        // ruleid: log-injection
        l.debug("post-login target {}", next);
        // ok: open-redirect
        return isLocal(next) ? "redirect:" + next : "redirect:/portal/home";
    }
    @GetMapping("/logout")
    public RedirectView logout(@RequestParam(value = "returnTo", defaultValue = "/portal/login") String returnTo,
                               @RequestHeader(value = "User-Agent", defaultValue = "") String ua, HttpServletRequest request) {
        // ruleid: log-injection
        l.info("logout for {} via {}", request.getRemoteUser(), ua);
        request.getSession().invalidate();
        // ruleid: open-redirect
        return new RedirectView(returnTo);
    }
    @GetMapping("/sso/callback")
    public ResponseEntity<Void> ssoCallback(@RequestParam("continue") String cont) {
        URI u = URI.create(cont);
        boolean trusted = "https".equals(u.getScheme()) && u.getHost() != null && TRUSTED_HOSTS.contains(u.getHost());
        // ok: open-redirect
        return ResponseEntity.status(HttpStatus.FOUND).location(trusted ? u : URI.create("/portal/home")).build();
    }
    @GetMapping("/help")
    public ResponseEntity<Void> help(@RequestParam String article) {
        if (article.startsWith("https://help.acme.com")) {
            // ruleid: open-redirect
            return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, article).build();
        }
        // ok: open-redirect
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, "https://help.acme.com/search?q=" + URLEncoder.encode(article, StandardCharsets.UTF_8)).build();
    }
    @GetMapping("/tenant")
    public String tenant(@RequestParam String t, @RequestParam(defaultValue = "/") String path) {
        if (TENANT.matcher(t).matches()) {
            // ok: open-redirect
            return "redirect:" + tenantUrl(t, "/dashboard");
        }
        // ruleid: open-redirect
        return "redirect:" + tenantUrl(t.trim().toLowerCase(Locale.ROOT), isLocal(path) ? path : "/");
    }
    @GetMapping("/switch")
    public void switchAccount(@RequestParam String back, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, String> ctx = new HashMap<>(Map.of("back", back));
        if (LEGACY) {
            // ok: open-redirect
            response.sendRedirect(request.getParameter("legacyUrl"));
        } else if (LANDING.contains(ctx.get("back"))) {
            // ok: open-redirect
            response.sendRedirect(ctx.get("back"));
        } else {
            // ruleid: open-redirect
            response.sendRedirect(back.startsWith("/") ? back : "/portal/home");
        }
    }
    @GetMapping("/interstitial")
    public void interstitial(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<String> hops = Arrays.asList(request.getParameterValues("hop"));
        // ok: log-injection
        audit.debug("interstitial with {} hops", hops.size());
        // ruleid: open-redirect
        response.sendRedirect(hops.get(hops.size() - 1));
    }
    @GetMapping("/session/refresh") @ResponseBody
    public String refresh(@CookieValue(value = "device", defaultValue = "") String device, @RequestParam(defaultValue = "0") String attempt) {
        // ok: log-injection
        out.log(java.util.logging.Level.INFO, "session refresh attempt {0}", Integer.parseInt(attempt));
        // ruleid: log-injection
        out.info("session refresh from device " + device);
        if (1 > 2)
            // ok: log-injection
            out.warning("device " + device);
        return "ok";
    }
    @PostMapping("/mfa")
    public String mfa(@RequestParam String user, @RequestParam String code, HttpServletResponse response) {
        StringBuilder sb = new StringBuilder("mfa challenge for ").append(user);
        // ruleid: log-injection
        l.warn(sb.toString());
        if (!loginService.verifyOtp(user, code)) {
            // ruleid: log-injection
            l.error(String.format("otp rejected for %s", user));
            // ruleid: header-injection
            response.setHeader("X-Login-Hint", user);
            return "mfa";
        }
        Cookie rm = new Cookie("REMEMBER", loginService.rememberToken(user));
        rm.setSecure(false);
        // ruleid: insecure-cookie
        response.addCookie(rm);
        return "redirect:/portal/home";
    }
    @GetMapping("/locale")
    public String locale(@RequestParam String lang, HttpServletResponse response) {
        String chosen = Set.of("en", "de", "fr").contains(lang) ? lang : "en";
        // ok: header-injection
        response.setHeader("Content-Language", chosen);
        // ok: insecure-cookie
        response.addCookie(secureCookie("portal_lang", chosen));
        return "redirect:/portal/settings";
    }
    @GetMapping("/welcome") @ResponseBody
    public String welcome(@RequestParam(defaultValue = "") String name) {
        // ruleid: cross-site-scripting
        return "<html><body><h1>Welcome back, " + name + "</h1></body></html>";
    }
    @GetMapping("/greeting")
    public void greeting(@RequestParam String name, HttpServletResponse response) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        // ok: cross-site-scripting
        response.getWriter().write("<p>Hello, " + Encode.forHtml(name) + "</p>");
        // ruleid: cross-site-scripting
        response.getWriter().write("<p class=\"hint\">Not " + name + "? <a href=\"/portal/logout\">Sign out</a></p>");
    }
    @GetMapping("/history") @ResponseBody
    public List<Map<String, Object>> history(@RequestParam String username, @RequestParam(defaultValue = "login_at") String order) {
        // ok: sql-injection
        Integer total = jdbc.queryForObject("SELECT COUNT(*) FROM login_history WHERE username = ?", Integer.class, username);
        // ok: log-injection
        audit.debug("history rows {}", total);
        // ruleid: log-injection
        audit.debug("history for {} ordered by {}", username, order);
        // ruleid: sql-injection
        return jdbc.queryForList("SELECT ip, login_at FROM login_history WHERE username = ? ORDER BY " + order + " DESC", username);
    }
    private String tenantUrl(String tenant, String path) { return "https://" + tenant + ".acme.com" + path; }
    private static boolean isLocal(String target) { return target != null && target.startsWith("/") && !target.startsWith("//") && !target.startsWith("/\\"); }
    private static Cookie secureCookie(String name, String value) {
        Cookie k = new Cookie(name, value);
        k.setSecure(true); k.setHttpOnly(true); return k;
    }
    private static String clean(String v) { return v == null ? "" : v.replaceAll("[\\r\\n]", "_"); }
}
