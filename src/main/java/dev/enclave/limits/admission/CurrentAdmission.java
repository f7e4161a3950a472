package dev.enclave.limits.admission;

import java.util.Optional;

import jakarta.enterprise.context.RequestScoped;

/** The admission of the current request, for the usage report (empty outside /api/). */
@RequestScoped
public class CurrentAdmission {

    private Admission admission;

    public Optional<Admission> get() {
        return Optional.ofNullable(admission);
    }

    void set(Admission admission) {
        this.admission = admission;
    }
}
