package com.example.importer;

import java.io.InputStream;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamSource;
import org.w3c.dom.Document;
import org.xml.sax.helpers.DefaultHandler;

public class InvoiceImporter {
    private static final DocumentBuilderFactory SHARED;

    static {
        // ok: java-xml-parser-external-entities
        SHARED = DocumentBuilderFactory.newInstance();
        try {
            SHARED.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    public Document parseUpload(InputStream upload) throws Exception {
        // ruleid: java-xml-parser-external-entities
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(upload);
    }

    public Document parseHardened(InputStream upload) throws Exception {
        // ok: java-xml-parser-external-entities
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(upload);
    }

    public Document parseLenient(InputStream upload) throws Exception {
        // ruleid: java-xml-parser-external-entities
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return factory.newDocumentBuilder().parse(upload);
    }

    public Document parseWithoutExternalAccess(InputStream upload) throws Exception {
        try {
            // ok: java-xml-parser-external-entities
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().parse(upload);
        } catch (ParserConfigurationException e) {
            return null;
        }
    }

    public void sax(InputStream upload, DefaultHandler handler) throws Exception {
        // ruleid: java-xml-parser-external-entities
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.newSAXParser().parse(upload, handler);
    }

    public void saxHardened(InputStream upload, DefaultHandler handler) throws Exception {
        // ok: java-xml-parser-external-entities
        SAXParserFactory spf = SAXParserFactory.newInstance();
        spf.setFeature("http://xml.org/sax/features/external-general-entities", false);
        spf.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        SAXParser parser = spf.newSAXParser();
        parser.parse(upload, handler);
    }

    public XMLStreamReader stax(String xml) throws Exception {
        // ruleid: java-xml-parser-external-entities
        XMLInputFactory xif = XMLInputFactory.newFactory();
        return xif.createXMLStreamReader(new StringReader(xml));
    }

    public XMLStreamReader staxHardened(String xml) throws Exception {
        // ok: java-xml-parser-external-entities
        XMLInputFactory xif = XMLInputFactory.newInstance();
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        return xif.createXMLStreamReader(new StringReader(xml));
    }

    public Transformer stylesheet(InputStream xslt) throws Exception {
        // ruleid: java-xml-parser-external-entities
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
        return tf.newTransformer(new StreamSource(xslt));
    }

    public Transformer stylesheetHardened(InputStream xslt) throws Exception {
        // ok: java-xml-parser-external-entities
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        return tf.newTransformer(new StreamSource(xslt));
    }

    public Document parseShared(InputStream upload) throws Exception {
        // ok: java-xml-parser-external-entities
        return SHARED.newDocumentBuilder().parse(upload);
    }
}

class FeedParser {
    // ok: java-xml-parser-external-entities
    private static final SAXParserFactory SAFE = SAXParserFactory.newInstance();
    // ruleid: java-xml-parser-external-entities
    private static final SAXParserFactory PLAIN = SAXParserFactory.newInstance();

    static {
        try {
            SAFE.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
        PLAIN.setNamespaceAware(true);
    }

    private final XMLInputFactory events;

    FeedParser() {
        // ok: java-xml-parser-external-entities
        events = XMLInputFactory.newInstance();
        events.setProperty("javax.xml.stream.isSupportingExternalEntities", Boolean.FALSE);
    }
}
