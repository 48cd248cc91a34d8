package com.globex.ops.console;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.lang3.exception.ExceptionUtils;
import org.owasp.encoder.Encode;
import org.springframework.expression.Expression;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;
import org.springframework.expression.spel.support.StandardEvaluationContext;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

@WebServlet(name = "opsConsole", urlPatterns = "/ops/*")
public class OpsConsoleServlet extends HttpServlet {

    private static final Logger JUL = Logger.getLogger("ops.console");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    private static final Pattern REQUEST_ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> SERVICES = Set.of("nginx", "haproxy", "postgresql", "redis-server");
    private static final String LOG_DIR = "/var/log/globex";
    private static final String BASE_DN = "ou=people,dc=globex,dc=com";
    private static final boolean DEBUG_ERRORS = false;

    private final ExpressionParser spel = new SpelExpressionParser();
    private final Map<String, BiConsumer<HttpServletRequest, HttpServletResponse>> routes = Map.of(
            "/people", this::people,
            "/diag", this::diag,
            "/calc", this::calc,
            "/logs", this::logs,
            "/hosts", this::hosts);
    private Hashtable<String, String> ldapEnv;
    private DataSource ds;

    @Override
    public void init(ServletConfig cfg) throws ServletException {
        super.init(cfg);
        ds = (DataSource) cfg.getServletContext().getAttribute("opsDataSource");
        ldapEnv = new Hashtable<>();
        ldapEnv.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        ldapEnv.put(Context.PROVIDER_URL, "ldaps://ldap.globex.com:636");
        ldapEnv.put(Context.SECURITY_PRINCIPAL, "cn=ops-console,ou=svc,dc=globex,dc=com");
        // ruleid: hardcoded-credentials
        ldapEnv.put(Context.SECURITY_CREDENTIALS, "Gl0bex-LDAP-bind!");
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        BiConsumer<HttpServletRequest, HttpServletResponse> h = routes.get(path);
        if (h == null) {
            // ok: cross-site-scripting
            resp.sendError(404, "no route for " + Encode.forHtml(path));
            return;
        }
        try {
            h.accept(req, resp);
        } catch (RuntimeException e) {
            JUL.log(Level.SEVERE, "ops console failure", e);
            resp.setStatus(500);
            if (DEBUG_ERRORS) {
                // ok: stack-trace-exposure
                resp.getWriter().print(ExceptionUtils.getStackTrace(e));
            } else if ("1".equals(req.getParameter("verbose"))) {
                // ruleid: stack-trace-exposure
                resp.getWriter().print(ExceptionUtils.getStackTrace(e));
            } else {
                // ok: stack-trace-exposure
                resp.getWriter().print("internal error");
            }
        }
    }

    private void people(HttpServletRequest req, HttpServletResponse resp) {
        String uid = req.getParameter("uid");
        String dept = req.getParameter("dept");
        String mail = req.getParameter("mail");
        try {
            DirContext dc = new InitialDirContext(ldapEnv);
            SearchControls sc = new SearchControls();
            sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
            sc.setReturningAttributes(new String[]{"cn", "mail", "telephoneNumber"});
            PrintWriter out = resp.getWriter();
            resp.setContentType("text/html;charset=UTF-8");
            if (uid != null) {
                // ok: ldap-injection
                NamingEnumeration<SearchResult> r = dc.search(BASE_DN, "(&(objectClass=person)(uid=" + ldapEscape(uid) + "))", sc);
                render(out, r);
            }
            if (dept != null) {
                String cleaned = dept.replace("*", "");
                String filter = "(&(objectClass=person)(departmentNumber=" + cleaned + "))";
                // ruleid: ldap-injection
                NamingEnumeration<SearchResult> r = dc.search(BASE_DN, filter, sc);
                render(out, r);
            }
            String group = req.getParameter("group");
            if (group != null && Set.of("sre", "dba", "netops").contains(group)) {
                // ok: ldap-injection
                render(out, dc.search("ou=groups,dc=globex,dc=com", "(&(objectClass=groupOfNames)(cn=" + group + "))", sc));
            }
            if (mail != null) {
                // ok: ldap-injection
                render(out, dc.search(BASE_DN, "(&(objectClass=person)(mail={0}))", new Object[]{mail}, sc));
                String fmt = String.format("(|(mail=%s)(mailAlternateAddress=%s))", mail, mail);
                // ruleid: ldap-injection
                render(out, dc.search(BASE_DN, fmt, sc));
            }
            // ruleid: cross-site-scripting
            out.println("<footer>Query by " + req.getRemoteUser() + " for dept " + dept + "</footer>");
            dc.close();
        } catch (NamingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void render(PrintWriter out, NamingEnumeration<SearchResult> r) throws NamingException {
        while (r.hasMore()) {
            SearchResult sr = r.next();
            Object cn = sr.getAttributes().get("cn").get();
            // ok: cross-site-scripting
            out.println("<li>" + Encode.forHtml(String.valueOf(cn)) + "</li>");
        }
    }

    static String ldapEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '\\' -> b.append("\\5c");
                case '*' -> b.append("\\2a");
                case '(' -> b.append("\\28");
                case ')' -> b.append("\\29");
                case '\0' -> b.append("\\00");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    private void diag(HttpServletRequest req, HttpServletResponse resp) {
        String host = req.getParameter("host");
        String svc = req.getParameter("service");
        try {
            resp.setContentType("text/plain");
            if (host != null && HOSTNAME.matcher(host).matches()) {
                // ok: os-command-injection
                Process p = new ProcessBuilder("ping", "-c", "3", host).redirectErrorStream(true).start();
                p.getInputStream().transferTo(resp.getOutputStream());
            }
            String target = req.getParameter("trace");
            if (target != null) {
                if (target.contains(";") || target.contains("&") || target.contains("|")) {
                    resp.sendError(400);
                    return;
                }
                // ruleid: os-command-injection
                Process p = Runtime.getRuntime().exec(new String[]{"/bin/bash", "-c", "traceroute -m 12 " + target});
                p.getInputStream().transferTo(resp.getOutputStream());
            }
            if (svc != null) {
                String unit = SERVICES.contains(svc) ? svc : null;
                if (unit == null) {
                    resp.sendError(400, "unknown service");
                    return;
                }
                // ok: os-command-injection
                Runtime.getRuntime().exec(new String[]{"/usr/bin/systemctl", "status", unit}).getInputStream().transferTo(resp.getOutputStream());
            }
            String restart = req.getParameter("restart");
            if (restart != null) {
                // ruleid: os-command-injection
                Runtime.getRuntime().exec("sudo /usr/local/bin/svc-restart.sh " + restart);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void calc(HttpServletRequest req, HttpServletResponse resp) {
        String formula = req.getParameter("formula");
        String rule = req.getParameter("rule");
        try {
            PrintWriter w = resp.getWriter();
            resp.setContentType("text/plain");
            if (rule != null) {
                Map<String, Object> metrics = Map.of("cpu", 0.72, "mem", 0.41, "disk", 0.88);
                // ok: code-injection
                Object v = spel.parseExpression(rule).getValue(SimpleEvaluationContext.forReadOnlyDataBinding().build(), metrics);
                w.println("rule=" + v);
                StandardEvaluationContext full = new StandardEvaluationContext(metrics);
                Expression e = spel.parseExpression(rule);
                // ruleid: code-injection
                w.println("full=" + e.getValue(full));
            }
            // ok: code-injection
            Object threshold = spel.parseExpression("T(java.lang.Math).min(0.95, 0.9 + 0.05)").getValue();
            w.println("threshold=" + threshold);
            if (formula != null) {
                ScriptEngine engine = new ScriptEngineManager().getEngineByExtension("js");
                engine.put("load", 0.5);
                // ruleid: code-injection
                w.println(engine.eval("var result = " + formula + "; result"));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void logs(HttpServletRequest req, HttpServletResponse resp) {
        String name = req.getParameter("name");
        String archive = req.getParameter("archive");
        try {
            File base = new File(LOG_DIR).getCanonicalFile();
            File wanted = new File(base, name).getCanonicalFile();
            if (!wanted.getPath().startsWith(base.getPath() + File.separator)) {
                resp.sendError(403);
                return;
            }
            resp.setContentType("text/plain");
            // ok: path-traversal
            Files.copy(wanted.toPath(), resp.getOutputStream());
            if (archive != null) {
                Path arch = Path.of(LOG_DIR, "archive").resolve(archive);
                if (!wanted.exists()) {
                    JUL.warning("archive lookup without current log");
                }
                // ruleid: path-traversal
                Files.copy(arch, resp.getOutputStream());
            }
            // ruleid: log-injection
            JUL.info(String.format("log %s downloaded by %s", name, req.getRemoteUser()));
            // ok: log-injection
            JUL.log(Level.INFO, "log downloaded, size={0}", wanted.length());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void hosts(HttpServletRequest req, HttpServletResponse resp) {
        String env = req.getParameter("env");
        String owner = req.getParameter("owner");
        String rid = req.getHeader("X-Request-Id");
        try (Connection c = ds.getConnection()) {
            if (rid != null && REQUEST_ID.matcher(rid).matches()) {
                // ok: header-injection
                resp.setHeader("X-Request-Id", rid);
            }
            // ruleid: header-injection
            resp.addHeader("X-Ops-Env", env);
            resp.setContentType("text/html;charset=UTF-8");
            PrintWriter out = resp.getWriter();
            try (PreparedStatement ps = c.prepareStatement("SELECT hostname, owner FROM hosts WHERE env = ?")) {
                ps.setString(1, env);
                // ok: sql-injection
                ResultSet rs = ps.executeQuery();
                while (rs.next()) {
                    out.println("<tr><td>" + Encode.forHtml(rs.getString(1)) + "</td></tr>");
                }
            }
            if (owner != null) {
                Statement st = c.createStatement();
                // ruleid: sql-injection
                ResultSet rs = st.executeQuery("SELECT hostname FROM hosts WHERE owner LIKE '" + owner + "%' ORDER BY hostname");
                while (rs.next()) {
                    // ruleid: cross-site-scripting
                    out.println("<tr><td>" + rs.getString(1) + "</td><td>" + owner + "</td></tr>");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String sid = java.util.UUID.randomUUID().toString();
        // ruleid: insecure-cookie
        Cookie session = new Cookie("OPS_SID", sid);
        session.setHttpOnly(true);
        session.setPath("/ops");
        resp.addCookie(session);
        // ok: insecure-cookie
        Cookie csrf = new Cookie("OPS_CSRF", java.util.UUID.randomUUID().toString());
        csrf.setSecure(true);
        csrf.setHttpOnly(true);
        resp.addCookie(csrf);
        String next = req.getParameter("next");
        if (next != null && next.startsWith("https://ops.globex.com")) {
            // ruleid: open-redirect
            resp.sendRedirect(next);
            return;
        }
        String back = req.getParameter("back");
        if ("hosts".equals(back) || "people".equals(back)) {
            // ok: open-redirect
            resp.sendRedirect(req.getContextPath() + "/ops/" + back);
            return;
        }
        // ruleid: open-redirect
        resp.sendRedirect(req.getHeader("Referer") != null ? req.getParameter("fallback") : req.getContextPath() + "/ops/people");
    }
}
