public class Auth {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Auth.class);

    void login(String user, String password, String token) {
        // ruleid: java-logging-sensitive-data
        log.info("login {} {}", user, password);
        // ruleid: java-logging-sensitive-data
        log.debug("issued token " + token);
        // ok: java-logging-sensitive-data
        log.info("login {}", user);
    }

    void form(javax.servlet.http.HttpServletRequest request) {
        // ruleid: java-logging-sensitive-data
        log.debug("password was " + request.getParameter("password"));
        // ok: java-logging-sensitive-data
        log.debug("user was " + request.getParameter("user"));
    }

    void rotate(String user, String newPassword, java.util.Map<String, String> audit) {
        // The secret under another name, in a map and through a helper.
        String shown = newPassword;
        // ruleid: java-logging-sensitive-data
        log.info("rotated {} to {}", user, shown);
        audit.put("value", newPassword);
        // ruleid: java-logging-sensitive-data
        log.debug("audit {}", audit);
        // ok: java-logging-sensitive-data
        log.info("rotated {} ({} characters)", user, newPassword.length());
        // ok: java-logging-sensitive-data
        log.info("rotated {} digest {}", user, hashSecret(newPassword));
    }

    void account(Account account, String nextPageToken) {
        // ruleid: java-logging-sensitive-data
        LOGGER.warn("account {} key {}", account.getId(), account.getApiKey());
        // ok: java-logging-sensitive-data
        LOGGER.warn("listing after {}", nextPageToken);
    }

    static String hashSecret(String value) {
        return Integer.toHexString(value.hashCode());
    }

    interface Account {
        String getId();
        String getApiKey();
    }

    private static final java.util.logging.Logger LOGGER = java.util.logging.Logger.getLogger("auth");
}
