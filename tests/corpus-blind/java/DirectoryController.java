package com.example.portal.directory;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.client.RestTemplate;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.http.HttpServletRequest;
import javax.xml.namespace.QName;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.StringReader;
import java.util.Map;
import java.util.Set;

@Controller
public class DirectoryController {

    private static final String PEOPLE_BASE = "ou=people,dc=example,dc=com";
    private static final Set<String> LANDING_PAGES = Set.of("/home", "/directory", "/profile");
    private static final Map<String, String> AVATAR_SOURCES = Map.of(
            "gravatar", "https://www.gravatar.com/avatar/",
            "internal", "https://avatars.internal.example.com/u/");

    private final DirContext ldap;
    private final Document staffDoc;
    private final RestTemplate http;
    private final ObjectMapper mapper;

    public DirectoryController(DirContext ldap, Document staffDoc, RestTemplate http, ObjectMapper mapper) {
        this.ldap = ldap;
        this.staffDoc = staffDoc;
        this.http = http;
        this.mapper = mapper;
    }

    @GetMapping("/directory/people")
    @ResponseBody
    public int findPeople(@RequestParam String uid) throws NamingException {
        SearchControls sc = new SearchControls();
        sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
        // ruleid: ldap-injection
        NamingEnumeration<SearchResult> found = ldap.search(PEOPLE_BASE, "(&(objectClass=inetOrgPerson)(uid=" + uid + "))", sc);
        int n = 0;
        while (found.hasMore()) { found.next(); n++; }
        return n;
    }

    @GetMapping("/directory/people/v2")
    @ResponseBody
    public int findPeopleSafely(@RequestParam String uid) throws NamingException {
        SearchControls sc = new SearchControls();
        sc.setSearchScope(SearchControls.SUBTREE_SCOPE);
        // ok: ldap-injection
        NamingEnumeration<SearchResult> found = ldap.search(PEOPLE_BASE, "(&(objectClass=inetOrgPerson)(uid={0}))", new Object[] {uid}, sc);
        int n = 0;
        while (found.hasMore()) { found.next(); n++; }
        return n;
    }

    @GetMapping("/directory/staff/{badge}/email")
    @ResponseBody
    public String staffEmail(@PathVariable String badge) throws Exception {
        XPath xp = XPathFactory.newInstance().newXPath();
        String expr = "/staff/member[@badge='" + badge + "']/email/text()";
        // ruleid: xpath-injection
        return xp.evaluate(expr, staffDoc);
    }

    @GetMapping("/directory/staff/{badge}/phone")
    @ResponseBody
    public String staffPhone(@PathVariable String badge) throws Exception {
        XPath xp = XPathFactory.newInstance().newXPath();
        xp.setXPathVariableResolver((QName name) -> "badge".equals(name.getLocalPart()) ? badge : null);
        // ok: xpath-injection
        return xp.evaluate("/staff/member[@badge=$badge]/phone/text()", staffDoc);
    }

    @PostMapping(value = "/directory/import", consumes = "application/xml")
    @ResponseBody
    public String importOrgChart(@RequestBody String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        DocumentBuilder db = dbf.newDocumentBuilder();
        // ruleid: xml-external-entity
        Document doc = db.parse(new InputSource(new StringReader(xml)));
        return doc.getDocumentElement().getAttribute("version");
    }

    @PostMapping(value = "/directory/import/v2", consumes = "application/xml")
    @ResponseBody
    public String importOrgChartSafely(@RequestBody String xml) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        dbf.setXIncludeAware(false);
        dbf.setExpandEntityReferences(false);
        DocumentBuilder db = dbf.newDocumentBuilder();
        // ok: xml-external-entity
        Document doc = db.parse(new InputSource(new StringReader(xml)));
        return doc.getDocumentElement().getAttribute("version");
    }

    @PostMapping(value = "/directory/restore", consumes = "application/octet-stream")
    @ResponseBody
    public String restoreSnapshot(HttpServletRequest request) throws IOException, ClassNotFoundException {
        // ruleid: untrusted-deserialization
        Object snapshot = new ObjectInputStream(request.getInputStream()).readObject();
        return snapshot.getClass().getSimpleName();
    }

    @PostMapping(value = "/directory/restore/v2", consumes = "application/json")
    @ResponseBody
    public String restoreSnapshotJson(@RequestBody String body) throws IOException {
        // ok: untrusted-deserialization
        DirectorySnapshot snapshot = mapper.readValue(body, DirectorySnapshot.class);
        return snapshot.label;
    }

    @GetMapping("/directory/after-login")
    public String afterLogin(@RequestParam(defaultValue = "/home") String next) {
        // ruleid: open-redirect
        return "redirect:" + next;
    }

    @GetMapping("/directory/after-logout")
    public String afterLogout(@RequestParam(defaultValue = "/home") String next) {
        if (!LANDING_PAGES.contains(next)) {
            return "redirect:/home";
        }
        // ok: open-redirect
        return "redirect:" + next;
    }

    @GetMapping("/directory/avatar")
    public ResponseEntity<byte[]> avatar(@RequestHeader("X-Avatar-Url") String avatarUrl) {
        // ruleid: server-side-request-forgery
        byte[] img = http.getForObject(avatarUrl, byte[].class);
        return ResponseEntity.ok(img);
    }

    @GetMapping("/directory/avatar/{source}/{hash}")
    public ResponseEntity<byte[]> avatarFrom(@PathVariable String source, @PathVariable String hash) {
        String base = AVATAR_SOURCES.get(source);
        if (base == null || !hash.matches("[a-f0-9]{32}")) {
            return ResponseEntity.badRequest().build();
        }
        // ok: server-side-request-forgery
        byte[] img = http.getForObject(base + hash, byte[].class);
        return ResponseEntity.ok(img);
    }

    public static class DirectorySnapshot {
        public String label;
        public long takenAt;
    }
}
