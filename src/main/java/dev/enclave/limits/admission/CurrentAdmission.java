package dev.enclave.limits.admission;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.RequestScoped;

/** The admission of the current request and its turn to run (both empty outside /api/). */
@RequestScoped
public class CurrentAdmission {

    private Admission admission;
    private RequestTurns.Turn turn;

    /** For the usage report. */
    public Optional<Admission> get() {
        return Optional.ofNullable(admission);
    }

    /**
     * Runs {@code wait} with this request's turn given back (RequestTurns.Turn#stepAside): for waiting on work that
     * runs elsewhere, such as the AI provider on the background workers.
     */
    public <T> T stepAside(Supplier<T> wait) {
        return turn == null ? wait.get() : turn.stepAside(wait);
    }

    void set(Admission admission, RequestTurns.Turn turn) {
        this.admission = admission;
        this.turn = turn;
    }
}
