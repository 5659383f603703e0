package dev.homebase.examples.spring;

import dev.homebase.sdk.Base44;
import dev.homebase.sdk.Base44Client;
import dev.homebase.sdk.ClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Builds the one {@link Base44Client} of the application. The client is thread-safe and holds an
 * {@code HttpClient}; Spring calls {@link Base44Client#close()} on shutdown.
 */
@Configuration(proxyBeanMethods = false)
public class HomebaseConfig {

    private static final Logger LOG = LoggerFactory.getLogger(HomebaseConfig.class);

    @Bean(destroyMethod = "close")
    public Base44Client base44Client(HomebaseProperties properties) {
        ClientConfig.Builder config = ClientConfig.builder()
                .serverUrl(properties.serverUrl())
                .appId(properties.appId());
        if (properties.hasServiceToken()) {
            config.serviceToken(properties.serviceToken());
        }
        LOG.info("Homebase client for {} (app {}), service role: {}", properties.serverUrl(),
                properties.appId(), properties.hasServiceToken() ? "on" : "off");
        return Base44.createClient(config.build());
    }
}
