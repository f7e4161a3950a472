package dev.enclave.audit;

public enum AuditOutcome {
    DENIED,
    ALLOWED,
    FAILED
}
