package com.jarvis.ingress.auth;

import com.jarvis.ingress.config.IngressConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Authentication settings from the environment, and how logins are written. */
@Configuration(proxyBeanMethods = false)
public class AuthBeans {
    private static final Logger log = LoggerFactory.getLogger(AuthBeans.class);

    /** Logins in one statement each on PostgreSQL; statement by statement on the embedded H2. */
    @Bean
    LoginRepository loginRepository(JdbcClient jdbc, TransactionTemplate tx, IngressConfig config) {
        return new LoginRepository(jdbc, tx, !config.embeddedDatabase());
    }

    @Bean
    public AuthPolicy authPolicy(Environment environment) {
        AuthPolicy policy = AuthPolicy.load(environment::getProperty);
        if (policy.identifierOnlyRegistration()) {
            log.warn("REGISTER_ALLOW_IDENTIFIER_ONLY=true: a known deviceIdentifier signs in without its deviceToken "
                    + "(migration from the original service); turn it off once the fleet sends device tokens");
        }
        log.info("Refresh token rotation: {}", policy.strictRefreshRotation() ? "strict" : "lenient");
        return policy;
    }
}
