package com.example.directory;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.directory.InitialDirContext;

public class DirectoryClient {
    public InitialDirContext anonymous(String url) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, url);
        // ruleid: java-ldap-anonymous-bind
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        return new InitialDirContext(env);
    }

    public InitialDirContext service(String url, String principal, String password) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(Context.PROVIDER_URL, url);
        // ok: java-ldap-anonymous-bind
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, principal);
        env.put(Context.SECURITY_CREDENTIALS, password);
        return new InitialDirContext(env);
    }
}
