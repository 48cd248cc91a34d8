package com.example.directory;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import javax.servlet.http.HttpServletRequest;
import org.springframework.ldap.core.LdapTemplate;
import org.springframework.ldap.support.LdapEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

public class PeopleLookup {
    private static final String BASE = "ou=people,dc=example,dc=com";

    private DirContext connect() throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, "ldap://ldap.internal:389");
        return new InitialDirContext(env);
    }

    private String byMail(String mail) {
        return "(&(objectClass=person)(mail=" + mail + "))";
    }

    public NamingEnumeration<SearchResult> find(HttpServletRequest request) throws NamingException {
        DirContext ctx = connect();
        SearchControls controls = new SearchControls();
        controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
        String uid = request.getParameter("uid");
        // ruleid: java-ldap-injection
        ctx.search(BASE, "(uid=" + uid + ")", controls);
        // ruleid: java-ldap-injection
        ctx.search(BASE, byMail(request.getHeader("X-Mail")), controls);
        // ok: java-ldap-injection
        ctx.search(BASE, "(uid={0})", new Object[] {uid}, controls);
        // ok: java-ldap-injection
        ctx.search(BASE, "(objectClass=person)", controls);
        // ok: java-ldap-injection
        return ctx.search(BASE, "(uid=" + LdapEncoder.filterEncode(uid) + ")", controls);
    }
}

@RestController
class GroupController {
    private final LdapTemplate ldapTemplate;

    GroupController(LdapTemplate ldapTemplate) {
        this.ldapTemplate = ldapTemplate;
    }

    @GetMapping("/groups")
    public Object members(@RequestParam String group) {
        String filter = String.format("(&(objectClass=groupOfNames)(cn=%s))", group);
        // ruleid: java-ldap-injection
        return ldapTemplate.search("ou=groups", filter, (org.springframework.ldap.core.AttributesMapper<String>) attrs -> attrs.get("cn").toString());
    }
}
