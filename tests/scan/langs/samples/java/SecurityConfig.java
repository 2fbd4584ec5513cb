package com.example.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

public class SecurityConfig {
    private final String account;

    public SecurityConfig(String username, String password, String account) {
        this.account = account;
    }

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        http.formLogin(form -> form.loginPage("/login").permitAll())
            .sessionManagement(s -> s.maximumSessions(1));
        return http.build();
    }

    void signIn(HttpServletRequest request, String user, String pass) throws Exception {
        request.login(user, pass);
    }
}
