package com.example.cache;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.security.NoTypePermission;
import java.beans.XMLDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Set;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

public class SessionRestoreServlet extends HttpServlet {
    private static final Set<String> ALLOWED = Set.of("com.example.cache.CartSnapshot", "java.util.ArrayList");

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // ruleid: java-unsafe-deserialization
        try (ObjectInputStream in = new ObjectInputStream(request.getInputStream())) {
            Object cart = in.readObject();
            request.getSession().setAttribute("cart", cart);
        } catch (ClassNotFoundException e) {
            response.sendError(400);
        }
    }

    Object restoreFiltered(byte[] blob) throws Exception {
        // ok: java-unsafe-deserialization
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(blob));
        in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.cache.*;java.util.*;!*"));
        return in.readObject();
    }

    Object restoreInTry(byte[] blob) throws Exception {
        // ok: java-unsafe-deserialization
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(blob))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter("com.example.cache.*;!*"));
            return in.readObject();
        }
    }

    Object restoreAllowlisted(InputStream raw) throws Exception {
        // ok: java-unsafe-deserialization
        ObjectInputStream in = new ObjectInputStream(raw) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                if (!ALLOWED.contains(desc.getName())) {
                    throw new InvalidClassException(desc.getName(), "not allowed");
                }
                return super.resolveClass(desc);
            }
        };
        return in.readObject();
    }

    Object legacyBeans(InputStream raw) {
        // ruleid: java-unsafe-deserialization
        XMLDecoder decoder = new XMLDecoder(raw);
        return decoder.readObject();
    }

    Object defaults() {
        // ok: java-unsafe-deserialization
        XMLDecoder decoder = new XMLDecoder(Feeds.class.getResourceAsStream("/defaults.xml"));
        return decoder.readObject();
    }
}

class OpenFeedReader {
    private final XStream xstream = new XStream();

    Object read(String xml) {
        // ruleid: java-unsafe-deserialization
        return xstream.fromXML(xml);
    }
}

class RestrictedFeedReader {
    private final XStream xstream = new XStream();

    RestrictedFeedReader() {
        xstream.addPermission(NoTypePermission.NONE);
        xstream.allowTypes(new Class[] {FeedItem.class});
    }

    Object read(String xml) {
        // ok: java-unsafe-deserialization
        return xstream.fromXML(xml);
    }

    static class FeedItem {
        String title;
    }
}
