package com.example.catalog.web;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.BasicQuery;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.expression.ExpressionParser;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import java.util.HashMap;
import java.util.Map;

@Component
public class CatalogHandlers {

    private static final Logger log = LoggerFactory.getLogger(CatalogHandlers.class);
    private static final Map<String, String> SUPPLIER_FEEDS = Map.of(
            "acme", "https://feeds.acme.example/catalog.json",
            "globex", "https://api.globex.example/v1/catalog");

    private final ReactiveMongoTemplate mongo;
    private final WebClient web;
    private final ExpressionParser spel = new SpelExpressionParser();

    public CatalogHandlers(ReactiveMongoTemplate mongo, WebClient.Builder builder) {
        this.mongo = mongo;
        this.web = builder.build();
    }

    public Mono<ServerResponse> byBrand(ServerRequest request) {
        String brand = request.queryParam("brand").orElse("");
        // ruleid: nosql-injection
        return ServerResponse.ok().body(mongo.find(new BasicQuery("{ 'brand': '" + brand + "', 'active': true }"), Document.class, "products"), Document.class);
    }

    public Mono<ServerResponse> byCategory(ServerRequest request) {
        String category = request.pathVariable("category");
        // ok: nosql-injection
        return ServerResponse.ok().body(mongo.find(Query.query(Criteria.where("category").is(category)), Document.class, "products"), Document.class);
    }

    public Mono<ServerResponse> importFeed(ServerRequest request) {
        String feedUrl = request.queryParam("feed").orElseThrow();
        Map<String, Object> job = new HashMap<>();
        job.put("source", feedUrl);
        job.put("retries", 3);
        String source = (String) job.get("source");
        // ruleid: server-side-request-forgery
        Mono<String> body = web.get().uri(source).retrieve().bodyToMono(String.class);
        return ServerResponse.ok().body(body, String.class);
    }

    public Mono<ServerResponse> importSupplier(ServerRequest request) {
        String supplier = request.pathVariable("supplier");
        if (!SUPPLIER_FEEDS.containsKey(supplier)) {
            return ServerResponse.notFound().build();
        }
        // ok: server-side-request-forgery
        Mono<String> body = web.get().uri(SUPPLIER_FEEDS.get(supplier)).retrieve().bodyToMono(String.class);
        return ServerResponse.ok().body(body, String.class);
    }

    public Mono<ServerResponse> searchPage(ServerRequest request) {
        String term = request.queryParam("q").orElse("");
        // ruleid: cross-site-scripting
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue("<h2>No products match " + term + "</h2>");
    }

    public Mono<ServerResponse> searchPageEscaped(ServerRequest request) {
        String term = request.queryParam("q").orElse("");
        // ok: cross-site-scripting
        return ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue("<h2>No products match " + HtmlUtils.htmlEscape(term) + "</h2>");
    }

    public Mono<ServerResponse> discountRule(ServerRequest request) {
        return request.bodyToMono(String.class).flatMap(rule -> {
            StandardEvaluationContext ctx = new StandardEvaluationContext();
            ctx.setVariable("price", 100);
            // ruleid: code-injection
            Object value = spel.parseExpression(rule).getValue(ctx);
            return ServerResponse.ok().bodyValue(String.valueOf(value));
        });
    }

    public Mono<ServerResponse> discountFixed(ServerRequest request) {
        String qty = request.queryParam("qty").orElse("1");
        StandardEvaluationContext ctx = new StandardEvaluationContext();
        ctx.setVariable("price", 100);
        ctx.setVariable("qty", Integer.parseInt(qty));
        // ok: code-injection
        Object value = spel.parseExpression("#price * #qty * 0.9").getValue(ctx);
        return ServerResponse.ok().bodyValue(String.valueOf(value));
    }

    public Mono<ServerResponse> legacyScript(ServerRequest request) {
        String script = request.headers().firstHeader("X-Pricing-Script");
        ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");
        try {
            // ruleid: code-injection
            Object result = engine.eval(script);
            return ServerResponse.ok().bodyValue(String.valueOf(result));
        } catch (Exception e) {
            return ServerResponse.badRequest().build();
        }
    }

    public Mono<ServerResponse> checkout(ServerRequest request) {
        String cartId = request.pathVariable("cartId");
        String coupon = request.queryParam("coupon").orElse("");
        // ruleid: log-injection
        log.info("Checkout for cart " + cartId + " with coupon " + coupon);
        String safeCoupon = coupon.replaceAll("[\\r\\n\\t]", "_");
        // ok: log-injection
        log.info("Coupon applied: {}", safeCoupon);
        return ServerResponse.accepted().build();
    }
}
