package com.example.preview;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestTemplate;

public class LinkPreviewServlet extends HttpServlet {
    private static final String STATUS_URL = "https://status.example.com/api/v2/status.json";

    private URL parse(String raw) throws IOException {
        return new URL(raw.trim());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        URL target = parse(request.getParameter("url"));
        // ruleid: java-ssrf
        HttpURLConnection connection = (HttpURLConnection) target.openConnection();
        connection.setConnectTimeout(2000);

        // ruleid: java-ssrf
        try (InputStream in = new URL("http://" + request.getHeader("X-Backend") + "/health").openStream()) {
            in.transferTo(response.getOutputStream());
        }
        // ok: java-ssrf
        try (InputStream in = new URL(STATUS_URL).openStream()) {
            in.transferTo(response.getOutputStream());
        }
        String id = request.getParameter("id");
        // ok: java-ssrf
        new URL("https://avatars.example.com/u/" + id + ".png").openStream().close();
    }
}

@RestController
class WebhookController {
    private static final Map<String, String> PARTNERS = Map.of("acme", "https://hooks.acme.example/in");
    private final RestTemplate restTemplate = new RestTemplate();
    private final HttpClient httpClient = HttpClient.newHttpClient();

    @GetMapping("/webhooks/test")
    public String test(@RequestParam("callback") String callback, @RequestParam("partner") String partner)
            throws Exception {
        // ruleid: java-ssrf
        String echoed = restTemplate.getForObject(callback, String.class);
        // ok: java-ssrf
        String status = restTemplate.getForObject(PARTNERS.getOrDefault("acme", ""), String.class);
        // ok: java-ssrf
        restTemplate.getForObject("https://api.example.com/partners/{name}", String.class, partner);

        // ruleid: java-ssrf
        HttpRequest ping = HttpRequest.newBuilder(URI.create(callback)).GET().build();
        HttpRequest report = HttpRequest.newBuilder()
            // ruleid: java-ssrf
            .uri(new URI(callback + "/report"))
            .build();
        // ok: java-ssrf
        HttpRequest fixed = HttpRequest.newBuilder(URI.create("https://api.example.com/ping")).build();
        httpClient.send(ping, HttpResponse.BodyHandlers.discarding());
        httpClient.send(report, HttpResponse.BodyHandlers.discarding());
        httpClient.send(fixed, HttpResponse.BodyHandlers.discarding());
        return echoed + status;
    }
}

class AvatarProxy {
    private final org.springframework.web.client.RestTemplate http;
    private static final String CDN = "https://cdn.shopmesh.io/avatars/";

    AvatarProxy(org.springframework.web.client.RestTemplate http) {
        this.http = http;
    }

    byte[] fetch(javax.servlet.http.HttpServletRequest request) {
        String location = request.getHeader("X-Avatar-Url");
        // ruleid: java-ssrf
        byte[] image = http.getForObject(location, byte[].class);
        // ok: java-ssrf
        byte[] fallback = http.getForObject(CDN + "default.png", byte[].class);
        return image != null ? image : fallback;
    }
}
