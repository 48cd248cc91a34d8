package com.contoso.ingest.jobs;

import com.contoso.ingest.dto.ReportEnvelope;
import com.contoso.ingest.dto.ReportManifest;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;
import java.beans.XMLDecoder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Consumes report bundles that partner systems drop on the REPORTS.IN queue.
 * Each message carries a serialized envelope plus a zip of CSV/XML/PDF files.
 */
public class ReportImportJob implements MessageListener {

    private static final Logger LOG = LogManager.getLogger(ReportImportJob.class);

    private static final String JDBC_URL = "jdbc:postgresql://reports-db.contoso.local:5432/ingest";
    private static final String JDBC_USER = "ingest_svc";
    // ruleid: hardcoded-credentials
    private static final String JDBC_PASSWORD = "Ingest#2021!prod";
    // ok: hardcoded-credentials
    private static final String PASSWORD_ENV = "INGEST_DB_PASSWORD";

    private static final List<String> KNOWN_TABLES = List.of("sales_daily", "returns_daily", "inventory_snapshot");
    private static final ObjectInputFilter ENVELOPE_FILTER = ObjectInputFilter.Config.createFilter("com.contoso.ingest.dto.*;java.lang.String;java.util.ArrayList;java.util.HashMap;maxdepth=6;!*");

    private final Path staging;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5)).build();

    public ReportImportJob(Path staging) {
        this.staging = staging.toAbsolutePath().normalize();
    }

    @Override
    public void onMessage(Message message) {
        try {
            BytesMessage bm = (BytesMessage) message;
            byte[] raw = new byte[(int) bm.getBodyLength()];
            bm.readBytes(raw);
            String sender = message.getStringProperty("sender");
            String format = message.getStringProperty("envelopeFormat");
            // ruleid: log-injection
            LOG.info("received bundle from " + sender + " (" + raw.length + " bytes)");
            // ok: log-injection
            LOG.info("received bundle id={} ({} bytes)", message.getJMSMessageID().replaceAll("[^A-Za-z0-9:-]", ""), raw.length);
            ReportEnvelope env = "legacy".equals(format) ? readLegacy(raw) : readFiltered(raw);
            verifySignature(env, message.getStringProperty("signature"));
            process(env);
        } catch (SecurityException e) {
            String who = null;
            try {
                who = message.getStringProperty("sender");
            } catch (JMSException ignored) {
                // property missing
            }
            // ok: log-injection
            LOG.warn("signature mismatch for sender {}", oneLine(who));
        } catch (JMSException | IOException | ClassNotFoundException e) {
            LOG.error("bundle rejected", e);
        } catch (Exception e) {
            LOG.error("unexpected failure while importing bundle", e);
        }
    }

    private ReportEnvelope readLegacy(byte[] raw) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw))) {
            // ruleid: untrusted-deserialization
            return (ReportEnvelope) in.readObject();
        }
    }

    private ReportEnvelope readFiltered(byte[] raw) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(raw))) {
            in.setObjectInputFilter(ENVELOPE_FILTER);
            // ok: untrusted-deserialization
            return (ReportEnvelope) in.readObject();
        }
    }

    private void verifySignature(ReportEnvelope env, String signature) throws Exception {
        String secret = System.getenv("PARTNER_SHARED_SECRET");
        // ruleid: insecure-hashing
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        String expected = HexFormat.of().formatHex(sha1.digest((secret + env.getBundleId()).getBytes(StandardCharsets.UTF_8)));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), String.valueOf(signature).getBytes(StandardCharsets.UTF_8))) {
            throw new SecurityException("bad signature");
        }
    }

    private void process(ReportEnvelope env) throws Exception {
        ReportManifest manifest = parseManifest(env.getManifestYaml(), env.isTrustedPartner());
        Path workDir = Files.createTempDirectory(staging, "bundle-");
        unpack(env.getZip(), workDir);
        String pw = System.getenv().getOrDefault(PASSWORD_ENV, JDBC_PASSWORD);
        try (Connection conn = DriverManager.getConnection(JDBC_URL, JDBC_USER, pw)) {
            record(conn, env, manifest);
        }
        Path data = workDir.resolve("data.xml");
        if (Files.exists(data)) {
            int rows = countRows(Files.newInputStream(data), manifest.isStrictXml());
            String xsl = manifest.getSummaryStylesheet();
            String summary = xsl != null ? renderSummary(Files.readString(data), xsl) : renderSummarySafely(Files.readString(data));
            LOG.debug("bundle has {} rows, summary {} chars", rows, summary.length());
        }
        for (Map.Entry<String, String> e : manifest.getConverters().entrySet()) {
            convert(workDir, e.getKey(), e.getValue());
        }
        if (manifest.getCallbackUrl() != null) {
            notifyPartner(manifest.getCallbackUrl(), env.getBundleId());
        }
        heartbeat();
    }

    private ReportManifest parseManifest(String yaml, boolean trusted) {
        if (trusted) {
            // ruleid: untrusted-deserialization
            Object tree = new Yaml().load(yaml);
            return ReportManifest.fromTree(tree);
        }
        Yaml safe = new Yaml(new SafeConstructor(new LoaderOptions()));
        // ok: untrusted-deserialization
        Map<String, Object> tree = safe.load(yaml);
        return ReportManifest.fromTree(tree);
    }

    Object loadTemplatesLegacy(InputStream xml) {
        try (XMLDecoder d = new XMLDecoder(xml)) {
            // ruleid: untrusted-deserialization
            return d.readObject();
        }
    }

    private void unpack(byte[] zip, Path into) throws IOException {
        try (ZipInputStream zis = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = zis.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.getName().endsWith(".pdf")) {
                    Path raw = into.resolve(entry.getName());
                    // ruleid: path-traversal
                    Files.copy(zis, raw, StandardCopyOption.REPLACE_EXISTING);
                    continue;
                }
                if (!target.startsWith(into)) {
                    LOG.warn("skipping suspicious entry");
                    continue;
                }
                Files.createDirectories(target.getParent());
                // ok: path-traversal
                Files.copy(zis, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private void record(Connection conn, ReportEnvelope env, ReportManifest manifest) throws Exception {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO bundle(bundle_id, partner, received_at) VALUES (?, ?, now())")) {
            ps.setString(1, env.getBundleId());
            ps.setString(2, env.getPartner());
            // ok: sql-injection
            ps.executeUpdate();
        }
        String table = manifest.getTargetTable();
        try (Statement st = conn.createStatement()) {
            // ruleid: sql-injection
            st.executeUpdate("DELETE FROM staging_rows WHERE partner = '" + env.getPartner() + "'");
            if (KNOWN_TABLES.contains(table)) {
                // ok: sql-injection
                st.execute("TRUNCATE TABLE " + table);
            }
            // ruleid: sql-injection
            PreparedStatement copy = conn.prepareStatement("INSERT INTO " + table + " SELECT * FROM staging_rows WHERE bundle_id = ?");
            copy.setString(1, env.getBundleId());
            copy.executeUpdate();
        }
    }

    private void convert(Path workDir, String file, String tool) throws Exception {
        Path src = workDir.resolve(file).normalize();
        if (!src.startsWith(workDir)) {
            return;
        }
        Path out = workDir.resolve(src.getFileName() + ".txt");
        if ("pdftotext".equals(tool)) {
            // ok: os-command-injection
            Process p = new ProcessBuilder("/usr/bin/pdftotext", "-layout", src.toString(), out.toString()).start();
            p.waitFor(60, TimeUnit.SECONDS);
            return;
        }
        // ruleid: log-injection
        LOG.warn("running custom converter " + tool + " on " + file);
        String cmdline = String.join(" ", tool, src.toString(), ">", out.toString());
        // ruleid: os-command-injection
        Process p = new ProcessBuilder("/bin/sh", "-c", cmdline).redirectErrorStream(true).start();
        p.waitFor(60, TimeUnit.SECONDS);
    }

    String renderSummary(String reportXml, String stylesheetXml) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        Transformer t = tf.newTransformer(new StreamSource(new StringReader(stylesheetXml)));
        StringWriter sw = new StringWriter();
        // ruleid: xml-external-entity
        t.transform(new StreamSource(new StringReader(reportXml)), new StreamResult(sw));
        return sw.toString();
    }

    String renderSummarySafely(String reportXml) throws Exception {
        TransformerFactory tf = TransformerFactory.newInstance();
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer t = tf.newTransformer(new StreamSource(ReportImportJob.class.getResourceAsStream("/xslt/summary.xsl")));
        StringWriter sw = new StringWriter();
        // ok: xml-external-entity
        t.transform(new StreamSource(new StringReader(reportXml)), new StreamResult(sw));
        return sw.toString();
    }

    int countRows(InputStream xml, boolean strict) throws Exception {
        XMLInputFactory xf = XMLInputFactory.newInstance();
        if (strict) {
            xf.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        }
        // ruleid: xml-external-entity
        XMLStreamReader r = xf.createXMLStreamReader(xml);
        int rows = 0;
        while (r.hasNext()) {
            if (r.next() == XMLStreamReader.START_ELEMENT && "row".equals(r.getLocalName())) rows++;
        }
        return rows;
    }

    private void notifyPartner(String callbackUrl, String bundleId) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(callbackUrl)).POST(HttpRequest.BodyPublishers.ofString("{\"bundle\":\"" + bundleId + "\"}")).build();
        // ruleid: server-side-request-forgery
        HttpResponse<Void> resp = client.send(req, HttpResponse.BodyHandlers.discarding());
        LOG.debug("callback status {}", resp.statusCode());
    }

    private void heartbeat() throws Exception {
        HttpRequest ping = HttpRequest.newBuilder(URI.create("https://status.contoso.local/api/heartbeat/report-import")).GET().build();
        // ok: server-side-request-forgery
        client.send(ping, HttpResponse.BodyHandlers.discarding());
        // ok: os-command-injection
        Runtime.getRuntime().exec(new String[]{"/usr/bin/sync"}).waitFor();
    }

    private static String oneLine(String s) {
        return s == null ? "-" : s.replaceAll("[\\r\\n\\t]", "_");
    }

    static String dedupeKey(byte[] payload) throws Exception {
        // ok: insecure-hashing
        byte[] d = java.security.MessageDigest.getInstance("MD5").digest(payload);
        return HexFormat.of().formatHex(d);
    }

    static String manifestChecksum(String yaml) throws Exception {
        // ok: insecure-hashing
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(md.digest(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static Connection adminConnection() throws Exception {
        // ruleid: hardcoded-credentials
        return DriverManager.getConnection(JDBC_URL, "postgres", "s3cr3t-Adm1n");
    }
}
