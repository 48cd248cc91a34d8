package com.example.catalog;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import javax.xml.namespace.QName;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

public class CatalogServlet extends HttpServlet {
    private static final String ALL_BOOKS = "/catalog/book";
    private Document catalog;

    private String bySku(String sku) {
        return "/catalog/book[@sku='" + sku + "']/price";
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
        XPath xpath = XPathFactory.newInstance().newXPath();
        String author = request.getParameter("author");
        try {
            // ruleid: java-xpath-injection
            NodeList books = (NodeList) xpath.evaluate("/catalog/book[author='" + author + "']", catalog, XPathConstants.NODESET);
            // ruleid: java-xpath-injection
            XPathExpression price = xpath.compile(bySku(request.getParameter("sku")));

            xpath.setXPathVariableResolver(name -> "author".equals(name.getLocalPart()) ? author : null);
            // ok: java-xpath-injection
            XPathExpression byAuthor = xpath.compile("/catalog/book[author=$author]");
            // ok: java-xpath-injection
            NodeList all = (NodeList) xpath.evaluate(ALL_BOOKS, catalog, XPathConstants.NODESET);
            int index = Integer.parseInt(request.getParameter("index"));
            // ok: java-xpath-injection
            String title = xpath.evaluate(ALL_BOOKS + "[" + index + "]/title", catalog);
            response.getWriter().print(books.getLength() + all.getLength() + title.length());
            price.evaluate(catalog);
            byAuthor.evaluate(catalog);
        } catch (javax.xml.xpath.XPathExpressionException e) {
            response.sendError(400);
        }
    }
}
