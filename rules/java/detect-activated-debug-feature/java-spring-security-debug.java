import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;

// ruleid: java-spring-security-debug
@EnableWebSecurity(debug = true)
class DebugSecurity {}

// ok: java-spring-security-debug
@EnableWebSecurity(debug = false)
class Security {}
