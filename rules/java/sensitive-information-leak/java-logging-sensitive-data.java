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
}
