package com.example.xml;

import java.io.InputStream;
import org.dom4j.Document;
import org.dom4j.io.SAXReader;
import org.jdom2.input.SAXBuilder;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.XMLReaderFactory;

public class Readers {
    public Document loose(InputStream in) throws Exception {
        // ruleid: java-xml-reader-external-entities
        SAXReader reader = new SAXReader();
        return reader.read(in);
    }

    public Document strict(InputStream in) throws Exception {
        // ok: java-xml-reader-external-entities
        SAXReader reader = new SAXReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return reader.read(in);
    }

    public org.jdom2.Document jdom(InputStream in) throws Exception {
        // ruleid: java-xml-reader-external-entities
        return new SAXBuilder().build(in);
    }

    public XMLReader sax() throws Exception {
        // ruleid: java-xml-reader-external-entities
        XMLReader reader = XMLReaderFactory.createXMLReader();
        return reader;
    }

    public XMLReader saxStrict() throws Exception {
        // ok: java-xml-reader-external-entities
        XMLReader reader = XMLReaderFactory.createXMLReader();
        reader.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return reader;
    }
}
