package com.example.resources;

import java.util.Map;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.servlet.http.HttpServletRequest;

public class ResourceLocator {
    private static final Map<String, String> DATASOURCES = Map.of("main", "java:comp/env/jdbc/main");

    public Object locate(HttpServletRequest request) throws NamingException {
        InitialContext context = new InitialContext();
        String name = request.getParameter("resource");
        // ruleid: java-jndi-lookup-injection
        Object found = context.lookup(name);
        // ruleid: java-jndi-lookup-injection
        new InitialContext().lookup("java:comp/env/" + request.getParameter("env"));
        // ok: java-jndi-lookup-injection
        Object main = context.lookup("java:comp/env/jdbc/main");
        return found != null ? found : main;
    }
}
