package com.example.batch;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

public class NightlyExport {
    private static final String URL = "jdbc:postgresql://db.internal:5432/billing";

    Connection legacyConnection() throws SQLException {
        // ruleid: java-hardcoded-jdbc-password
        return DriverManager.getConnection(URL, "export", "Exp0rt!2023");
    }

    Connection fromEnvironment() throws SQLException {
        // ok: java-hardcoded-jdbc-password
        return DriverManager.getConnection(URL, System.getenv("DB_USER"), System.getenv("DB_PASSWORD"));
    }

    Connection embedded() throws SQLException {
        // ok: java-hardcoded-jdbc-password
        return DriverManager.getConnection("jdbc:h2:mem:export", "sa", "");
    }

    Connection withProperties(Properties props) throws SQLException {
        // ok: java-hardcoded-jdbc-password
        return DriverManager.getConnection(URL, props);
    }

    HikariDataSource pool(String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(URL);
        config.setUsername(user);
        // ruleid: java-hardcoded-jdbc-password
        config.setPassword("pg-billing-9f2k");
        return new HikariDataSource(config);
    }

    HikariDataSource configured(String user, char[] secret) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(URL);
        // ok: java-hardcoded-jdbc-password
        dataSource.setPassword(new String(secret));
        // ok: java-hardcoded-jdbc-password
        dataSource.setPassword("${DB_PASSWORD}");
        return dataSource;
    }
}
