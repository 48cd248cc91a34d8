import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;

public class Security {
    void legacy(HttpSecurity http) throws Exception {
        // ruleid: java-spring-csrf-disabled
        http.csrf().disable();
    }

    void lambda(HttpSecurity http) throws Exception {
        // ruleid: java-spring-csrf-disabled
        http.csrf(csrf -> csrf.disable());
        // ruleid: java-spring-csrf-disabled
        http.csrf(AbstractHttpConfigurer::disable);
        // ok: java-spring-csrf-disabled
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**"));
    }
}
