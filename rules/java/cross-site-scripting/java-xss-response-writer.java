package com.example.web;

import static org.owasp.encoder.Encode.forHtml;

import java.io.IOException;
import java.io.PrintWriter;
import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.commons.text.StringEscapeUtils;
import org.owasp.encoder.Encode;
import org.springframework.web.util.HtmlUtils;

public class SearchServlet extends HttpServlet {
    private static final String TITLE = "<h1>Search</h1>";
    private static final boolean DEBUG = false;

    private String heading(String query) {
        return "<h2>Results for " + query + "</h2>";
    }

    private String safeHeading(String query) {
        return "<h2>Results for " + Encode.forHtml(query) + "</h2>";
    }

    private void greet(PrintWriter out, String name) {
        // ruleid: java-xss-response-writer
        out.printf("<p>Welcome back, %s</p>", name);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getParameter("q");
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter out = response.getWriter();
        // ok: java-xss-response-writer
        out.println(TITLE);
        // ruleid: java-xss-response-writer
        out.println(heading(query));
        // ok: java-xss-response-writer
        out.println(safeHeading(query));
        // ok: java-xss-response-writer
        out.println("<p>" + HtmlUtils.htmlEscape(query) + "</p>");
        // ok: java-xss-response-writer
        response.getWriter().write("<p>" + StringEscapeUtils.escapeHtml4(query) + "</p>");
        // ok: java-xss-response-writer
        out.print(forHtml(request.getHeader("Referer")));

        String page = request.getParameter("page");
        int pageNumber = page == null ? 1 : Integer.parseInt(page);
        // ok: java-xss-response-writer
        out.print("<span>page " + pageNumber + "</span>");

        for (Cookie cookie : request.getCookies()) {
            if ("nickname".equals(cookie.getName())) {
                greet(out, cookie.getValue());
            }
        }

        String trace = "";
        if (DEBUG) {
            trace = request.getQueryString();
        }
        // ok: java-xss-response-writer
        out.print("<!-- " + trace + " -->");

        StringBuilder html = new StringBuilder("<ul>");
        for (String tag : request.getParameterValues("tag")) {
            html.append("<li>");
            html.append(tag).append("</li>");
        }
        html.append("</ul>");
        // ruleid: java-xss-response-writer
        response.getWriter().print(html);
        // ok: java-xss-response-writer
        System.out.println("search for " + query);
    }
}

@javax.ws.rs.Path("/cards")
class CardResource {
    @javax.ws.rs.GET
    @javax.ws.rs.Produces(javax.ws.rs.core.MediaType.TEXT_HTML)
    public String card(@javax.ws.rs.QueryParam("holder") String holder) {
        // ruleid: java-xss-response-writer
        return "<div class=card>" + holder + "</div>";
    }

    @javax.ws.rs.GET
    @javax.ws.rs.Path("/json")
    @javax.ws.rs.Produces(javax.ws.rs.core.MediaType.APPLICATION_JSON)
    public String cardJson(@javax.ws.rs.QueryParam("holder") String holder) {
        // ok: java-xss-response-writer
        return "{\"holder\": \"" + holder + "\"}";
    }
}

@org.springframework.web.bind.annotation.RestController
class BannerController {
    @org.springframework.web.bind.annotation.GetMapping(value = "/banner", produces = "text/html;charset=UTF-8")
    public String banner(@org.springframework.web.bind.annotation.RequestParam String text) {
        if (text.isEmpty()) {
            return "<p>No banner</p>";
        }
        // ruleid: java-xss-response-writer
        return "<marquee>" + text + "</marquee>";
    }

    @org.springframework.web.bind.annotation.GetMapping(value = "/banner/safe", produces = "text/html")
    public String safeBanner(@org.springframework.web.bind.annotation.RequestParam String text) {
        // ok: java-xss-response-writer
        return "<marquee>" + HtmlUtils.htmlEscape(text) + "</marquee>";
    }
}

class SearchHandlers {
    public reactor.core.publisher.Mono<org.springframework.web.reactive.function.server.ServerResponse> page(
            org.springframework.web.reactive.function.server.ServerRequest request) {
        String term = request.queryParam("q").orElse("");
        if (term.length() > 100) {
            // ok: java-xss-response-writer
            return org.springframework.web.reactive.function.server.ServerResponse.badRequest()
                    .contentType(org.springframework.http.MediaType.TEXT_PLAIN).bodyValue("too long: " + term);
        }
        // ruleid: java-xss-response-writer
        return org.springframework.web.reactive.function.server.ServerResponse.ok().contentType(org.springframework.http.MediaType.TEXT_HTML).bodyValue("<h2>" + term + "</h2>");
    }
}
