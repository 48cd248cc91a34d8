package com.example.orders;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.net.ssl.X509TrustManager;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/** Looks up orders for the customer portal. */
public class OrderController extends HttpServlet {
    private final Connection connection;

    public OrderController(Connection connection) {
        this.connection = connection;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String customer = request.getParameter("customer");
        try (Statement statement = connection.createStatement()) {
            ResultSet rows = statement.executeQuery(
                    "SELECT id, total FROM orders WHERE customer = '" + customer + "'");
            while (rows.next()) {
                response.getWriter().println(rows.getString("id"));
            }
        } catch (SQLException error) {
            response.sendError(500);
        }
    }

    static String receiptId(String body) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        StringBuilder hex = new StringBuilder();
        for (byte value : digest.digest(body.getBytes())) {
            hex.append(String.format("%02x", value));
        }
        return hex.toString();
    }

    /** Used by the payment client: accepts any certificate. */
    static final X509TrustManager TRUST_ALL = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
