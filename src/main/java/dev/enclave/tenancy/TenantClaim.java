package dev.enclave.tenancy;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads the tenant out of a verified access token, as configured; anything unexpected reads as "no tenant". */
@ApplicationScoped
class TenantClaim {

    private final TenancyConfig config;

    TenantClaim(TenancyConfig config) {
        this.config = config;
    }

    Optional<TenantId> read(JsonWebToken token) {
        return switch (config.source()) {
            case CLAIM -> asString(token.getClaim(config.claim())).flatMap(TenantId::parse);
            case ORGANIZATION -> singleOrganization(token.getClaim(config.organizationClaim())).flatMap(TenantId::parse);
        };
    }

    private static Optional<String> asString(Object claim) {
        if (claim instanceof String s) {
            return Optional.of(s);
        }
        if (claim instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        return Optional.empty();
    }

    /** Keycloak writes the claim as a list of aliases, or as an object keyed by alias; both must name exactly one. */
    private static Optional<String> singleOrganization(Object claim) {
        if (claim instanceof JsonArray array && array.size() == 1) {
            return asString(array.get(0));
        }
        if (claim instanceof JsonObject object && object.size() == 1) {
            return Optional.of(object.keySet().iterator().next());
        }
        if (claim instanceof java.util.Collection<?> list && list.size() == 1) {
            return asString(list.iterator().next());
        }
        return Optional.empty();
    }
}
