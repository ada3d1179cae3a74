package dev.payrail.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Payrail: one self-hostable service that moves money through payment providers. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PayrailApplication {

    public static void main(String[] args) {
        SpringApplication.run(PayrailApplication.class, args);
    }
}
