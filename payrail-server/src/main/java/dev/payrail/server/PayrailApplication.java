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

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "listen".equals(args[0])) {
            // a client of a running Payrail, not a server: no Spring context, no database
            dev.payrail.server.listen.ListenCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "healthcheck".equals(args[0])) {
            // the container's HEALTHCHECK: asks this host's Payrail, starts nothing
            dev.payrail.server.ops.HealthCheckCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        if (args.length > 0 && "migrate".equals(args[0])) {
            // once per release, before the servers: Flyway alone, nothing else started
            dev.payrail.server.database.MigrateCommand.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SpringApplication.run(PayrailApplication.class, args);
    }
}
