package com.acme.integrations.api;

import org.owasp.encoder.Encode;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.*;
import javax.ws.rs.core.*;
import java.io.IOException;
import java.net.*;
import java.net.http.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.*;
import java.util.regex.Pattern;

@Path("/integrations") @Produces(MediaType.APPLICATION_JSON)
public class IntegrationResource {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IntegrationResource.class);
    private static final org.apache.logging.log4j.Logger audit = org.apache.logging.log4j.LogManager.getLogger("integrations.audit");
    private static final Set<String> APP_HOSTS = Set.of("app.acme.com", "admin.acme.com");
    private static final Set<String> PARTNER_HOSTS = Set.of("api.partner.acme.com", "hooks.slack.com", "acme.atlassian.net");
    private static final Pattern HOSTNAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+");
    private static final java.nio.file.Path STATE_DIR = java.nio.file.Paths.get("/var/lib/integrations/state");
    private static final Map<String, java.nio.file.Path> CONFIGS = Map.of("slack", STATE_DIR.resolve("slack.json"), "jira", STATE_DIR.resolve("jira.json"));
    private static final boolean DEBUG_ECHO = false;
    enum Provider { SLACK, JIRA, GITHUB }
    private final HttpClient http = HttpClient.newHttpClient();
    @Context private HttpServletRequest request;
    @GET @Path("/oauth/callback")
    public Response oauthCallback(@QueryParam("state") String state, @QueryParam("redirect_uri") String redirectUri, @HeaderParam("X-Request-Id") String requestId) {
        // ruleid: log-injection
        log.info("oauth callback state={} request={}", state, requestId);
        URI target = URI.create(redirectUri);
        if ("https".equals(target.getScheme()) && target.getHost() != null && APP_HOSTS.contains(target.getHost())) {
            // ok: open-redirect
            return Response.seeOther(target).build();
        }
        // ok: open-redirect
        return Response.seeOther(URI.create("/integrations/error?reason=bad_redirect&uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8))).build();
    }
    @GET @Path("/connect/{provider}")
    public Response connect(@PathParam("provider") String provider, @QueryParam("partner") String partner, @QueryParam("tenant") String tenant) throws Exception {
        // ok: log-injection
        audit.info("connect flow started for {}", Provider.valueOf(provider.toUpperCase(Locale.ROOT)));
        if (PARTNER_HOSTS.contains(partner)) {
            // ok: open-redirect
            return Response.temporaryRedirect(new URI(authorizeUrl(partner, URLEncoder.encode(tenant, StandardCharsets.UTF_8)))).build();
        }
        // ruleid: log-injection
        audit.warn(String.format("unknown partner host %s for tenant %s", partner, tenant));
        // ruleid: open-redirect
        return Response.temporaryRedirect(new URI(authorizeUrl(partner.trim(), tenant))).build();
    }
    @GET @Path("/done")
    public Response done(@QueryParam("next") String next, @QueryParam("continue") String cont) {
        if (next != null && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")) {
            // ok: open-redirect
            return Response.status(Response.Status.FOUND).header(HttpHeaders.LOCATION, next).build();
        }
        URI c = URI.create(cont);
        if (c.getHost() != null && c.getHost().endsWith("acme.com")) {
            // ruleid: open-redirect
            return Response.status(Response.Status.FOUND).location(c).build();
        }
        return Response.seeOther(URI.create("/integrations")).build();
    }
    @POST @Path("/webhooks/test")
    public Response testWebhook(@QueryParam("url") String url) throws IOException, InterruptedException {
        // ruleid: server-side-request-forgery
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString("{\"ping\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        // ruleid: log-injection
        log.info("webhook test to {} returned {}", url, r.statusCode());
        return Response.ok("{\"status\":" + r.statusCode() + "}").build();
    }
    @POST @Path("/webhooks/verify")
    public Response verifyWebhook(@QueryParam("url") String url) throws IOException, InterruptedException {
        URI u = URI.create(url);
        if (!"https".equals(u.getScheme()) || u.getHost() == null || !PARTNER_HOSTS.contains(u.getHost().toLowerCase(Locale.ROOT)))
            throw new BadRequestException("webhook host not allowed");
        // ok: server-side-request-forgery
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(u).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        // ok: log-injection
        log.info("webhook verify status {}", r.statusCode());
        return Response.noContent().build();
    }
    @GET @Path("/partners/{id}/orders")
    public Response orders(@PathParam("id") int partnerId, @QueryParam("region") String region) throws IOException {
        HttpURLConnection c;
        if (region == null) {
            // ok: server-side-request-forgery
            c = (HttpURLConnection) new URL("https://api.partner.acme.com/v2/partners/" + partnerId + "/orders").openConnection();
        } else {
            // ruleid: server-side-request-forgery
            c = (HttpURLConnection) new URL("https://" + region + ".partner-api.acme.com/v2/partners/" + partnerId + "/orders").openConnection();
        }
        // ok: log-injection
        log.debug("orders fetched for partner {} status {}", partnerId, c.getResponseCode());
        return Response.ok(c.getInputStream()).build();
    }
    @GET @Path("/config")
    public Response config(@QueryParam("name") String name) throws IOException {
        java.nio.file.Path p = CONFIGS.get(name);
        if (p == null) throw new NotFoundException();
        // ok: path-traversal
        return Response.ok(Files.readString(p)).build();
    }
    @GET @Path("/exports") @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response export(@QueryParam("file") String file, @QueryParam("mode") @DefaultValue("safe") String mode) throws IOException {
        java.nio.file.Path base = STATE_DIR.resolve("exports");
        if ("raw".equals(mode)) {
            // ruleid: path-traversal
            return Response.ok(Files.newInputStream(base.resolve(file))).build();
        } else if ("latest".equals(mode)) {
            // ok: path-traversal
            return Response.ok(Files.newInputStream(base.resolve(java.nio.file.Paths.get(file).getFileName()))).build();
        }
        java.nio.file.Path p = base.resolve(file).normalize();
        if (!p.startsWith(base)) throw new ForbiddenException();
        // ok: path-traversal
        return Response.ok(Files.newInputStream(p)).build();
    }
    @PUT @Path("/state")
    public Response saveState(@QueryParam("connector") String connector, String body) throws IOException {
        // ruleid: path-traversal
        Files.writeString(STATE_DIR.resolve(connector + ".json"), body);
        return Response.noContent().build();
    }
    @PUT @Path("/v2/state/{connectorId}")
    public Response saveStateV2(@PathParam("connectorId") UUID id, String body) throws IOException {
        // ok: path-traversal
        Files.writeString(STATE_DIR.resolve(id + ".json"), body);
        // ok: path-traversal
        java.nio.file.Path scratch = Files.createTempFile(STATE_DIR, "import-", ".json");
        // ok: log-injection
        audit.info("state saved for connector {} scratch {}", id, scratch.getFileName());
        return Response.noContent().build();
    }
    @DELETE @Path("/state")
    public Response purge() throws IOException {
        // ruleid: log-injection
        audit.info("state purge requested by " + request.getHeader("X-Forwarded-For"));
        // ruleid: path-traversal
        Files.deleteIfExists(STATE_DIR.resolve(request.getParameter("name")));
        if (DEBUG_ECHO)
            // ok: log-injection
            audit.debug("purge params " + request.getQueryString());
        return Response.noContent().build();
    }
    @GET @Path("/status") @Produces(MediaType.TEXT_HTML)
    public Response status(@QueryParam("src") String src, @QueryParam("lang") @DefaultValue("en") String lang) {
        // ok: header-injection
        Response.ResponseBuilder rb = Response.ok().header("Content-Language", Set.of("en", "de", "fr").contains(lang) ? lang : "en");
        if (src == null || src.isEmpty()) {
            // ok: cross-site-scripting
            return rb.entity("<p>Connected from " + Encode.forHtml(request.getHeader("Referer")) + "</p>").build();
        }
        // ruleid: header-injection
        rb.header("X-Integration-Source", src);
        // ruleid: cross-site-scripting
        return rb.entity("<html><body><p>Integration connected from " + src + "</p></body></html>").build();
    }
    @GET @Path("/session")
    public Response session(@QueryParam("remember") boolean remember) {
        if (remember) {
            // ruleid: insecure-cookie
            return Response.ok().cookie(new NewCookie("int_remember", UUID.randomUUID().toString(), "/", null, null, 60 * 60 * 24 * 14, false)).build();
        }
        // ok: insecure-cookie
        return Response.ok().cookie(new NewCookie("int_session", UUID.randomUUID().toString(), "/integrations", null, null, -1, true, true)).build();
    }
    @GET @Path("/diagnostics/{tool}")
    public Response diagnostics(@PathParam("tool") String tool, @QueryParam("host") String host) throws IOException {
        if ("ping".equals(tool) && HOSTNAME.matcher(host).matches()) {
            // ok: os-command-injection
            return Response.ok(new ProcessBuilder("ping", "-c", "1", host).start().getInputStream()).build();
        }
        // ruleid: os-command-injection
        return Response.ok(Runtime.getRuntime().exec(new String[] { "/bin/sh", "-c", "traceroute -m 10 " + host }).getInputStream()).build();
    }
    private String authorizeUrl(String partnerHost, String tenant) { return "https://" + partnerHost + "/oauth/authorize?client_id=acme-integrations&tenant=" + tenant; }
}
