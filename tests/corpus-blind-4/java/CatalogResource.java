package com.acme.catalog.api;

import com.mongodb.BasicDBObject;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.bson.Document;
import org.owasp.encoder.Encode;
import org.w3c.dom.NodeList;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Path("/catalog")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogResource {

    private static final java.nio.file.Path IMAGE_ROOT = Paths.get("/srv/catalog/images").toAbsolutePath().normalize();
    private static final String SPEC_ROOT = "/srv/catalog/specs";
    private static final Map<String, String> STOREFRONTS = Map.of(
            "eu", "https://eu.shop.acme.com/",
            "us", "https://us.shop.acme.com/");

    private static final String PROMO_TEMPLATE = """
            <section class="promo">
              <h1>%s</h1>
            </section>
            """;

    @PersistenceContext
    EntityManager em;

    @Inject
    MongoDatabase mongo;

    @GET
    @Path("/products")
    public List<?> products(@QueryParam("category") String category, @QueryParam("brand") String brand) {
        // ok: sql-injection
        Query q = em.createQuery("SELECT p FROM Product p WHERE p.category = :cat").setParameter("cat", category);
        List<?> base = q.getResultList();
        if (brand == null) {
            return base;
        }
        String jpql = "SELECT p FROM Product p WHERE p.category = '" + category + "' AND p.brand = '" + brand + "'";
        // ruleid: sql-injection
        return em.createQuery(jpql).getResultList();
    }

    @GET
    @Path("/products/stock")
    public List<?> stock(@QueryParam("warehouse") String warehouse, @DefaultValue("sku") @QueryParam("order") String order) {
        String col = switch (order) {
            case "qty" -> "on_hand";
            case "updated" -> "updated_at";
            default -> "sku";
        };
        String sql = "SELECT sku, on_hand FROM stock WHERE warehouse_code = ?1 ORDER BY " + col;
        // ok: sql-injection
        return em.createNativeQuery(sql).setParameter(1, warehouse).getResultList();
    }

    @GET
    @Path("/products/legacy/{code}")
    public Object legacy(@PathParam("code") String code) {
        String sql = new StringBuilder().append("SELECT * FROM legacy_item WHERE code = '").append(code).append("'").toString();
        // ruleid: sql-injection
        return em.createNativeQuery(sql).getSingleResult();
    }

    @GET
    @Path("/reviews")
    public List<Document> reviews(@QueryParam("sku") String sku, @QueryParam("minStars") String minStars) {
        MongoCollection<Document> col = mongo.getCollection("reviews");
        List<Document> out = new ArrayList<>();
        // ok: nosql-injection
        col.find(Filters.and(Filters.eq("sku", sku), Filters.gte("stars", Integer.parseInt(minStars)))).into(out);
        if (out.isEmpty()) {
            // ruleid: nosql-injection
            col.find(Document.parse("{ \"sku\": \"" + sku + "\", \"published\": true }")).into(out);
        }
        return out;
    }

    @GET
    @Path("/reviews/search")
    public List<Document> searchReviews(@QueryParam("author") String author) {
        MongoCollection<Document> c = mongo.getCollection("reviews");
        BasicDBObject where = new BasicDBObject("$where", "this.author == '" + author + "'");
        List<Document> hits = new ArrayList<>();
        // ruleid: nosql-injection
        c.find(where).limit(100).into(hits);
        return hits;
    }

    @GET
    @Path("/images/{name}")
    @Produces("image/png")
    public Response image(@PathParam("name") String name) throws Exception {
        java.nio.file.Path p = IMAGE_ROOT.resolve(name).normalize();
        if (!p.startsWith(IMAGE_ROOT)) {
            return Response.status(Response.Status.FORBIDDEN).build();
        }
        // ok: path-traversal
        return Response.ok(Files.readAllBytes(p)).build();
    }

    @GET
    @Path("/specs")
    @Produces(MediaType.TEXT_PLAIN)
    public Response spec(@QueryParam("file") String file) throws Exception {
        if (file == null || file.contains("..")) {
            return Response.status(400).build();
        }
        String decoded = URLDecoder.decode(file, StandardCharsets.UTF_8);
        // ruleid: path-traversal
        String text = Files.readString(Paths.get(SPEC_ROOT, decoded));
        return Response.ok(text).build();
    }

    @GET
    @Path("/datasheets")
    @Produces("application/pdf")
    public Response datasheet(@QueryParam("doc") String doc) throws Exception {
        java.io.File f = new java.io.File(SPEC_ROOT, doc);
        String canonical = f.getCanonicalPath();
        if (!canonical.startsWith(SPEC_ROOT)) {
            return Response.status(403).build();
        }
        // ruleid: path-traversal
        byte[] pdf = Files.readAllBytes(f.toPath());
        return Response.ok(pdf).build();
    }

    @GET
    @Path("/thumbs")
    @Produces("image/jpeg")
    public Response thumb(@QueryParam("img") String img) throws Exception {
        java.nio.file.Path leaf = Paths.get(img).getFileName();
        if (leaf == null) {
            return Response.status(400).build();
        }
        // ok: path-traversal
        InputStream in = Files.newInputStream(IMAGE_ROOT.resolve("thumbs").resolve(leaf.toString()));
        return Response.ok(in).build();
    }

    @GET
    @Path("/reviews/by-author")
    public List<Document> byAuthor(@QueryParam("author") String author) {
        List<Document> hits = new ArrayList<>();
        // ok: nosql-injection
        mongo.getCollection("reviews").find(new Document("author", author)).into(hits);
        return hits;
    }

    @POST
    @Path("/import/variants")
    @Consumes(MediaType.APPLICATION_XML)
    public Response variants(InputStream body, @QueryParam("color") String color) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        // ok: xml-external-entity
        org.w3c.dom.Document doc = dbf.newDocumentBuilder().parse(body);
        String expr = String.format("count(//variant[color='%s'])", color);
        // ruleid: xpath-injection
        Double n = (Double) XPathFactory.newInstance().newXPath().compile(expr).evaluate(doc, XPathConstants.NUMBER);
        return Response.ok(Map.of("variants", n.intValue())).build();
    }

    @POST
    @Path("/import/dom")
    @Consumes(MediaType.APPLICATION_XML)
    public Response importDom(InputStream body, @QueryParam("sku") String sku) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        DocumentBuilder b = f.newDocumentBuilder();
        // ruleid: xml-external-entity
        org.w3c.dom.Document doc = b.parse(body);
        XPath xp = XPathFactory.newInstance().newXPath();
        // ruleid: xpath-injection
        NodeList items = (NodeList) xp.evaluate("/catalog/item[@sku='" + sku + "']/price", doc, XPathConstants.NODESET);
        return Response.ok(Map.of("matches", items.getLength())).build();
    }

    @POST
    @Path("/import/safe")
    @Consumes(MediaType.APPLICATION_XML)
    public Response importSafe(InputStream body, @QueryParam("sku") String sku, @QueryParam("field") String field) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        dbf.setXIncludeAware(false);
        // ok: xml-external-entity
        org.w3c.dom.Document doc = dbf.newDocumentBuilder().parse(body);
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setXPathVariableResolver(v -> "sku".equals(v.getLocalPart()) ? sku : null);
        // ok: xpath-injection
        String price = xp.evaluate("/catalog/item[@sku=$sku]/price", doc);
        String f = field != null && field.matches("[a-z]{1,20}") ? field : "name";
        // ok: xpath-injection
        String label = xp.evaluate("/catalog/item[@sku=$sku]/" + f, doc);
        return Response.ok(Map.of("price", price, "label", label)).build();
    }

    @POST
    @Path("/import/sax")
    @Consumes(MediaType.APPLICATION_XML)
    public Response importSax(InputStream body) throws Exception {
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setNamespaceAware(true);
        // ruleid: xml-external-entity
        spf.newSAXParser().parse(body, new DefaultHandler());
        return Response.accepted().build();
    }

    @POST
    @Path("/import/stream")
    @Consumes(MediaType.APPLICATION_XML)
    public Response importStream(InputStream body) throws Exception {
        XMLInputFactory xif = XMLInputFactory.newFactory();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // ok: xml-external-entity
        XMLStreamReader r = xif.createXMLStreamReader(body);
        int count = 0;
        while (r.hasNext()) {
            if (r.next() == XMLStreamReader.START_ELEMENT && new QName("item").equals(r.getName())) {
                count++;
            }
        }
        return Response.ok(Map.of("items", count)).build();
    }

    @GET
    @Path("/go/{region}")
    public Response storefront(@PathParam("region") String region, @QueryParam("sku") String sku) {
        String base = STOREFRONTS.getOrDefault(region, STOREFRONTS.get("us"));
        String safeSku = sku != null && sku.matches("[A-Z0-9-]{3,24}") ? sku : "";
        // ok: open-redirect
        return Response.seeOther(URI.create(base + "p/" + safeSku)).build();
    }

    @GET
    @Path("/out")
    public Response outbound(@QueryParam("url") String url) {
        // ruleid: open-redirect
        return Response.temporaryRedirect(URI.create(url)).build();
    }

    @GET
    @Path("/badge")
    @Produces(MediaType.TEXT_HTML)
    public Response badge(@QueryParam("label") String label, @QueryParam("tooltip") String tooltip) {
        String html = "<span class=\"badge\" title=\"" + Encode.forHtmlAttribute(tooltip) + "\">" + Encode.forHtml(label) + "</span>";
        // ok: cross-site-scripting
        return Response.ok(html, MediaType.TEXT_HTML_TYPE).build();
    }

    @GET
    @Path("/promo")
    @Produces(MediaType.TEXT_HTML)
    public String promo(@QueryParam("headline") String headline) {
        // ruleid: cross-site-scripting
        return PROMO_TEMPLATE.formatted(headline);
    }

    @GET
    @Path("/export")
    public Response export(@QueryParam("format") String format, @QueryParam("trace") String trace) {
        String type = "csv".equals(format) ? "text/csv" : "application/json";
        // ruleid: header-injection
        return Response.ok("{}").type(type).header("X-Trace-Id", trace).build();
    }
}
