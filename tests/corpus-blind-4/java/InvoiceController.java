package com.northwind.billing.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

@Controller
@RequestMapping("/billing")
public class InvoiceController {

    private static final Logger log = LoggerFactory.getLogger(InvoiceController.class);

    private static final Set<String> SORT_COLUMNS = Set.of("issued_at", "due_at", "amount", "customer_name");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern LOCAL_PATH = Pattern.compile("/[A-Za-z0-9/_-]{0,120}");
    private static final String FX_BASE = "https://fx.northwind.internal/rates/";
    private static final String PORTAL = "https://portal.northwind.com";

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final RestTemplate http;

    public InvoiceController(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, RestTemplate http) {
        this.jdbc = jdbc;
        this.named = named;
        this.http = http;
    }

    @GetMapping("/invoices")
    @ResponseBody
    public List<Map<String, Object>> list(@RequestParam String customer,
                                          @RequestParam(defaultValue = "issued_at") String sort,
                                          @RequestParam(defaultValue = "desc") String dir) {
        String order = SORT_COLUMNS.contains(sort) ? sort : "issued_at";
        String direction = "asc".equalsIgnoreCase(dir) ? "ASC" : "DESC";
        String sql = "SELECT id, number, amount, status FROM invoice WHERE customer_id = ? ORDER BY " + order + " " + direction;
        // ok: sql-injection
        return jdbc.queryForList(sql, customer);
    }

    @GetMapping("/invoices/search")
    @ResponseBody
    public List<Map<String, Object>> search(@RequestParam("q") String q,
                                            @RequestParam(value = "status", required = false) String status) {
        StringBuilder sb = new StringBuilder("SELECT id, number, amount FROM invoice WHERE memo LIKE '%");
        sb.append(q).append("%'");
        if (status != null) {
            sb.append(" AND status = '").append(status).append('\'');
        }
        // ruleid: log-injection
        log.debug("invoice search q=" + q);
        // ruleid: sql-injection
        return jdbc.queryForList(sb.toString());
    }

    @GetMapping("/invoices/by-region")
    @ResponseBody
    public List<Map<String, Object>> byRegion(@RequestParam String region, @RequestParam(defaultValue = "50") int limit) {
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("region", region)
                .addValue("lim", Math.min(Math.max(limit, 1), 500));
        // ok: sql-injection
        return named.queryForList("SELECT id, number FROM invoice WHERE region = :region LIMIT :lim", p);
    }

    @GetMapping("/invoices/tag/{tag}")
    @ResponseBody
    public Integer countByTag(@PathVariable String tag) {
        String sql = String.format("SELECT count(*) FROM invoice_tag WHERE tag = '%s'", tag);
        // ruleid: sql-injection
        return named.queryForObject(sql, Map.of(), Integer.class);
    }

    @GetMapping("/invoices/{id}/total")
    @ResponseBody
    public Long total(@PathVariable long id) {
        String q = "SELECT sum(amount_cents) FROM invoice_line WHERE invoice_id = " + id;
        // ok: sql-injection
        return jdbc.queryForObject(q, Long.class);
    }

    @PostMapping("/invoices/archive")
    @ResponseBody
    public Map<String, Integer> archive(@RequestBody Map<String, List<String>> body) {
        List<String> numbers = body.getOrDefault("numbers", List.of());
        String in = "'" + String.join("','", numbers) + "'";
        // ruleid: sql-injection
        int moved = jdbc.update("UPDATE invoice SET archived = true WHERE number IN (" + in + ")");
        return Map.of("archived", moved);
    }

    @PostMapping("/invoices/reopen")
    @ResponseBody
    public Map<String, Integer> reopen(@RequestBody List<Long> ids) {
        String placeholders = ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("0");
        // ok: sql-injection
        int n = jdbc.update("UPDATE invoice SET status = 'OPEN' WHERE id IN (" + placeholders + ")");
        return Map.of("reopened", n);
    }

    @PostMapping("/invoices/{id}/void")
    public String voidInvoice(@PathVariable long id,
                              @RequestParam(name = "returnTo", required = false) String returnTo,
                              @RequestParam(value = "operator", defaultValue = "unknown") String operator) {
        jdbc.update("UPDATE invoice SET status = 'VOID' WHERE id = ?", id);
        // ruleid: log-injection
        log.info("invoice {} voided by operator {}", id, operator);
        // ok: log-injection
        log.info("invoice {} voided", id);
        if (returnTo != null && LOCAL_PATH.matcher(returnTo).matches()) {
            // ok: open-redirect
            return "redirect:" + returnTo;
        }
        return "redirect:/billing/invoices/" + id;
    }

    @GetMapping("/continue")
    public String continueToPortal(@RequestParam("next") String next) {
        if (next.startsWith(PORTAL)) {
            // ruleid: open-redirect
            return "redirect:" + next;
        }
        // ok: open-redirect
        return "redirect:" + PORTAL + "/home";
    }

    @GetMapping("/fx/{currency}")
    @ResponseBody
    public String rate(@PathVariable String currency) {
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("unsupported currency");
        }
        // ok: server-side-request-forgery
        return http.getForObject(FX_BASE + currency, String.class);
    }

    @GetMapping("/partners/{partner}/rates")
    @ResponseBody
    public String partnerRates(@PathVariable String partner, @RequestParam(required = false) String mirror) {
        Map<String, String> hosts = Map.of("acme", "rates.acme-partner.com", "globex", "api.globex-fx.net");
        String host = hosts.get(partner);
        if (host == null) {
            return "{}";
        }
        // ok: server-side-request-forgery
        String primary = http.getForObject(UriComponentsBuilder.newInstance().scheme("https").host(host).path("/v1/rates").build().toUri(), String.class);
        if (mirror != null && !mirror.isBlank()) {
            // ruleid: server-side-request-forgery
            return http.getForObject(UriComponentsBuilder.newInstance().scheme("https").host(mirror).path("/v1/rates").build().toUri(), String.class);
        }
        return primary;
    }

    @PostMapping("/webhooks/test")
    @ResponseBody
    public ResponseEntity<String> testWebhook(@RequestBody Map<String, String> body) {
        String target = body.getOrDefault("callbackUrl", "");
        if (!target.startsWith("https")) {
            log.warn("non-TLS callback supplied, continuing anyway");
        }
        Map<String, Object> ping = Map.of("event", "ping", "id", UUID.randomUUID().toString());
        // ruleid: server-side-request-forgery
        ResponseEntity<String> r = http.postForEntity(target, ping, String.class);
        return ResponseEntity.status(r.getStatusCode()).body("delivered");
    }

    @GetMapping(value = "/invoices/{id}/note", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public ResponseEntity<String> note(@PathVariable long id, @RequestParam(defaultValue = "") String highlight) {
        String memo = jdbc.queryForObject("SELECT memo FROM invoice WHERE id = ?", String.class, id);
        String safeMemo = HtmlUtils.htmlEscape(memo == null ? "" : memo);
        // ok: cross-site-scripting
        ResponseEntity<String> page = ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body("<div class=\"memo\">" + safeMemo + "</div>");
        if (!highlight.isEmpty()) {
            String html = "<div class=\"memo\">" + safeMemo + "</div><mark>" + highlight + "</mark>";
            // ruleid: cross-site-scripting
            return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(html);
        }
        return page;
    }

    @GetMapping("/invoices/{id}/pdf")
    public void download(@PathVariable long id, @RequestParam(defaultValue = "invoice") String filename,
                         HttpServletResponse response) throws Exception {
        byte[] pdf = jdbc.queryForObject("SELECT pdf FROM invoice_doc WHERE invoice_id = ?", byte[].class, id);
        String clean = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        // ok: header-injection
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + clean + ".pdf\"");
        response.setContentType("application/pdf");
        response.getOutputStream().write(pdf);
    }

    @GetMapping("/invoices/{id}/csv")
    public void exportCsv(@PathVariable long id, @RequestParam String filename, HttpServletResponse response) throws Exception {
        response.setContentType("text/csv");
        // ruleid: header-injection
        response.addHeader("Content-Disposition", "attachment; filename=" + filename);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT sku, qty, amount FROM invoice_line WHERE invoice_id = ?", id);
        PrintWriter w = response.getWriter();
        rows.forEach(row -> w.println(row.get("sku") + "," + row.get("qty") + "," + row.get("amount")));
    }

    @PostMapping("/preferences")
    @ResponseBody
    public ResponseEntity<Void> savePreferences(@RequestParam String layout,
                                                @CookieValue(value = "billing_sid", required = false) String sid,
                                                HttpServletResponse response) {
        String token = sid != null ? sid : UUID.randomUUID().toString();
        // ruleid: insecure-cookie
        response.addCookie(new Cookie("billing_sid", token));
        // ok: insecure-cookie
        ResponseCookie pref = ResponseCookie.from("billing_layout", layout.equals("compact") ? "compact" : "wide").httpOnly(true).secure(true).sameSite("Lax").path("/billing").build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, pref.toString()).build();
    }

    @PostMapping("/session/refresh")
    @ResponseBody
    public ResponseEntity<Void> refresh(@CookieValue("billing_sid") String sid) {
        String rotated = UUID.randomUUID().toString();
        jdbc.update("UPDATE billing_session SET sid = ? WHERE sid = ?", rotated, sid);
        // ruleid: insecure-cookie
        ResponseCookie c = ResponseCookie.from("billing_sid", rotated).httpOnly(true).secure(false).path("/").build();
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, c.toString()).build();
    }

    @ExceptionHandler(IllegalStateException.class)
    @ResponseBody
    public ResponseEntity<String> onStateError(IllegalStateException e) {
        StringWriter sw = new StringWriter();
        e.printStackTrace(new PrintWriter(sw));
        // ruleid: stack-trace-exposure
        return ResponseEntity.status(HttpStatus.CONFLICT).body(sw.toString());
    }

    @ExceptionHandler(RuntimeException.class)
    @ResponseBody
    public ResponseEntity<Map<String, String>> onError(RuntimeException e) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        log.error("billing request failed, ref={}", ref, e);
        // ok: stack-trace-exposure
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(Map.of("error", "internal error", "ref", ref));
    }
}
