package com.example.config;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

public class SecurityConfig {
    public SecurityFilterChain open(HttpSecurity http) throws Exception {
        // ruleid: java-spring-csrf-ignored-for-all-paths
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/**"));
        return http.build();
    }

    public SecurityFilterChain hooks(HttpSecurity http) throws Exception {
        // ok: java-spring-csrf-ignored-for-all-paths
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/hooks/stripe"));
        return http.build();
    }
}
