package dev.payrail.server.accountupdater;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.Map;

/** Runs the account updater now, instead of waiting for its schedule (admin). */
@RestController
class AccountUpdaterController {
    private final AccountUpdater updater;

    AccountUpdaterController(AccountUpdater updater) {
        this.updater = updater;
    }

    @Operation(operationId = "runAccountUpdater", summary = "Ask the card networks' account updater about every saved card now (admin)")
    @PostMapping("/v1/admin/account_updater/run")
    public Map<String, Object> run() {
        AccountUpdater.Run run = updater.run();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("object", "account_updater_run");
        json.put("asked", run.asked());
        json.put("updated", run.updated());
        return json;
    }
}
