package dev.enclave.document;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Request bodies of the document API. Text is stored verbatim (HTML- or SQL-looking text included). */
final class DocumentRequests {

    static final int MAX_TITLE = 500;
    static final int MAX_BODY = 500_000;
    static final int MAX_TAGS = 20;
    static final String TAG = "[\\p{L}\\p{N}][\\p{L}\\p{N}_.-]{0,49}";
    static final String TAG_MESSAGE = "tags are 1-50 letters, digits, '_', '.' or '-'";

    private DocumentRequests() {
    }

    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record CreateDocumentRequest(
            @NotBlank @Size(max = MAX_TITLE) String title,
            @Size(max = MAX_BODY) String body,
            @Size(max = MAX_TAGS) List<@NotNull @Pattern(regexp = TAG, message = TAG_MESSAGE) String> tags,
            DocumentStatus status) {
    }

    /** PUT: the whole document; every field is required. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record ReplaceDocumentRequest(
            @NotBlank @Size(max = MAX_TITLE) String title,
            @NotNull @Size(max = MAX_BODY) String body,
            @NotNull @Size(max = MAX_TAGS) List<@NotNull @Pattern(regexp = TAG, message = TAG_MESSAGE) String> tags,
            @NotNull DocumentStatus status) {
    }

    /** PATCH: only the fields present change. */
    @RegisterForReflection // serialised by Jackson by reflection, also in the native image
    record PatchDocumentRequest(
            @Size(min = 1, max = MAX_TITLE) @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String title,
            @Size(max = MAX_BODY) String body,
            @Size(max = MAX_TAGS) List<@NotNull @Pattern(regexp = TAG, message = TAG_MESSAGE) String> tags,
            DocumentStatus status) {
    }
}
