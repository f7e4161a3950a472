package dev.enclave.me;

import java.util.List;

/** Who the caller is, as the verified access token says. */
public record MeResponse(String subject, String username, String tenant, List<String> roles) {
}
